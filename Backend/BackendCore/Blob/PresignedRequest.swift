import Foundation

/// A request a client may send without credentials until `expiresAt`.
public struct PresignedRequest: Sendable, Equatable, Codable {
    /// HTTP method to use (`PUT` or `GET`).
    public var method: String
    /// The absolute URL, signature included.
    public var url: String
    /// Headers the client must send exactly as given (they are part of the signature).
    public var headers: [String: String]
    /// After this instant the store refuses the URL.
    public var expiresAt: Date

    public init(method: String, url: String, headers: [String: String], expiresAt: Date) {
        self.method = method
        self.url = url
        self.headers = headers
        self.expiresAt = expiresAt
    }
}
