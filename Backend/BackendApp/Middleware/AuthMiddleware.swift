import BackendCore
import Hummingbird
import RelayAPI

/// Requires `Authorization: Bearer <access token>` and puts the verified `Identity` in the context.
/// Missing → 401 `UNAUTHORIZED`; invalid/expired/revoked → 401 with the precise code. The token itself
/// is never logged; only its id (`jti`) and the subject go into log metadata.
package struct AuthMiddleware: RouterMiddleware {
    package typealias Context = AppRequestContext
    let auth: AuthService

    package init(auth: AuthService) {
        self.auth = auth
    }

    package func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        if let failure = context.authenticationFailure { throw failure }
        guard let token = Self.bearer(request) else {
            throw AppError(
                status: 401, code: APIErrorCode.unauthorized, message: "a bearer token is required",
                headers: ["WWW-Authenticate": "Bearer"])
        }
        // Verified once per request by `BearerIdentityMiddleware` when the router has it.
        let identity: Identity
        if let verified = context.identity {
            identity = verified
        } else {
            identity = try await auth.authenticate(bearer: token)
        }
        var context = context
        context.identity = identity
        context.logger[metadataKey: "subject"] = "\(identity.role.rawValue):\(identity.subject.uuidString.lowercased())"
        context.logger[metadataKey: "token_id"] = .string(identity.tokenId)
        return try await next(request, context)
    }

    /// The token of `Authorization: Bearer …`. Browsers cannot set headers on a WebSocket handshake, so
    /// a WebSocket upgrade request may carry it as `?access_token=` instead (never logged: the access log
    /// records route templates only).
    static func bearer(_ request: Request) -> String? {
        if let header = request.headers[.authorization], header.count > 7, header.prefix(7).lowercased() == "bearer " {
            return String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        }
        guard request.headers[.upgrade]?.lowercased() == "websocket",
            let token = request.uri.queryParameters.get("access_token"), !token.isEmpty
        else { return nil }
        return token
    }
}
