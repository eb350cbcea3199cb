import BackendCore
import Foundation
import Hummingbird
import HummingbirdWebSocket
import RelayAPI
import Logging
import NIOCore

/// Per-request state: Hummingbird's core context plus the request id and the body limit in force.
public struct AppRequestContext: RequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The request's id (`X-Request-Id`), set by `RequestIdMiddleware` before anything else runs.
    public var requestId: String
    /// Largest body an API route collects, set from `ServerConfiguration.maxBodyBytes`.
    public var maxBodyBytes: Int
    /// The peer's address, for logs and per-IP limits.
    public let remoteAddress: SocketAddress?
    /// The authenticated caller, set by `AuthMiddleware` on protected routes.
    public var identity: Identity?
    /// Why the request's bearer token did not verify (set by `BearerIdentityMiddleware`); `AuthMiddleware`
    /// answers with it on protected routes.
    public var authenticationFailure: (any Error)?
    /// Set by a WebSocket route that accepted an upgrade.
    public let webSocket: WebSocketHandlerReference<AppRequestContext>

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.requestId = ""
        self.maxBodyBytes = 1 << 20
        self.remoteAddress = source.channel.remoteAddress
        self.webSocket = WebSocketHandlerReference()
    }

    public var maxUploadSize: Int { maxBodyBytes }

    /// JSON answers use ISO 8601 dates.
    public var responseEncoder: JSONEncoder { Self.encoder }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()

    /// The caller; throws 401 if the route was reached without `AuthMiddleware` (a wiring error).
    public func requireIdentity() throws -> Identity {
        guard let identity else {
            throw AppError(status: 401, code: APIErrorCode.unauthorized, message: "authentication required")
        }
        return identity
    }

    /// The caller if it is a user with one of `roles`; 403 `FORBIDDEN` otherwise.
    public func requireRole(_ roles: Identity.Role...) throws -> Identity {
        let identity = try requireIdentity()
        guard roles.contains(identity.role) else {
            throw AppError(
                status: 403, code: APIErrorCode.forbidden,
                message: "this needs the \(roles.map(\.rawValue).joined(separator: " or ")) role")
        }
        return identity
    }
}
