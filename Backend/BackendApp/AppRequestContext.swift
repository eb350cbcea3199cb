import BackendCore
import Foundation
import Hummingbird
import HummingbirdWebSocket
import RelayAPI
import Logging
import NIOCore

/// Per-request state: Hummingbird's core context plus the request id and the body limit in force.
package struct AppRequestContext: RequestContext, WebSocketRequestContext {
    package var coreContext: CoreRequestContextStorage
    /// The request's id (`X-Request-Id`), set by `RequestIdMiddleware` before anything else runs.
    package var requestId: String
    /// Largest body an API route collects, set from `ServerConfiguration.maxBodyBytes`.
    package var maxBodyBytes: Int
    /// The peer's address, for logs and per-IP limits.
    package let remoteAddress: SocketAddress?
    /// The authenticated caller, set by `AuthMiddleware` on protected routes.
    package var identity: Identity?
    /// Why the request's bearer token did not verify (set by `BearerIdentityMiddleware`); `AuthMiddleware`
    /// answers with it on protected routes.
    package var authenticationFailure: (any Error)?
    /// The connection, so a WebSocket handler can drop a client that stopped reading (`EventSocketRelay`).
    package let channel: any Channel
    /// Set by a WebSocket route that accepted an upgrade.
    package let webSocket: WebSocketHandlerReference<AppRequestContext>

    package init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.requestId = ""
        self.maxBodyBytes = 1 << 20
        self.remoteAddress = source.channel.remoteAddress
        self.channel = source.channel
        self.webSocket = WebSocketHandlerReference()
    }

    package var maxUploadSize: Int { maxBodyBytes }

    /// JSON answers use ISO 8601 dates.
    package var responseEncoder: JSONEncoder { Self.encoder }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()

    /// The caller; throws 401 if the route was reached without `AuthMiddleware` (a wiring error).
    package func requireIdentity() throws -> Identity {
        guard let identity else {
            throw AppError(status: 401, code: APIErrorCode.unauthorized, message: "authentication required")
        }
        return identity
    }

    /// The caller if it is a user with one of `roles`; 403 `FORBIDDEN` otherwise.
    package func requireRole(_ roles: Identity.Role...) throws -> Identity {
        let identity = try requireIdentity()
        guard roles.contains(identity.role) else {
            throw AppError(
                status: 403, code: APIErrorCode.forbidden,
                message: "this needs the \(roles.map(\.rawValue).joined(separator: " or ")) role")
        }
        return identity
    }
}
