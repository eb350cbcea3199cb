import Foundation

/// A request a client may send without credentials until `expiresAt`.
package struct PresignedRequest: Sendable, Equatable, Codable {
    /// HTTP method to use (`PUT` or `GET`).
    package var method: String
    /// The absolute URL, signature included.
    package var url: String
    /// Headers the client must send exactly as given (they are part of the signature).
    package var headers: [String: String]
    /// After this instant the store refuses the URL.
    package var expiresAt: Date

    package init(method: String, url: String, headers: [String: String], expiresAt: Date) {
        self.method = method
        self.url = url
        self.headers = headers
        self.expiresAt = expiresAt
    }
}
