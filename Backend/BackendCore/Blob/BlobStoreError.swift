/// Failures of a blob store, in terms callers can act on.
package struct BlobStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    package enum Code: String, Sendable {
        case notFound
        case invalidParts
        case uploadNotFound
        case unavailable
        case rejected
    }

    package let code: Code
    /// A readable reason, safe to log (never contains credentials).
    package let reason: String

    package init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    package static func notFound(_ key: BlobKey) -> Self { .init(.notFound, "no object at \(key)") }

    package var description: String { "\(code.rawValue): \(reason)" }
}
