/// Failures of a blob store, in terms callers can act on.
public struct BlobStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable {
        case notFound
        case invalidParts
        case uploadNotFound
        case unavailable
        case rejected
    }

    public let code: Code
    /// A readable reason, safe to log (never contains credentials).
    public let reason: String

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public static func notFound(_ key: BlobKey) -> Self { .init(.notFound, "no object at \(key)") }

    public var description: String { "\(code.rawValue): \(reason)" }
}
