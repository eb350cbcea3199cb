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
        if let header = request.headers[.authorization], let token = bearerToken(header) { return token }
        guard request.headers[.upgrade]?.lowercased() == "websocket",
            let token = request.uri.queryParameters.get("access_token"), !token.isEmpty
        else { return nil }
        return token
    }

    /// The token of an `Authorization` value `Bearer <token>` (scheme in any case, spaces and tabs around
    /// the token dropped), or nil. Works on the UTF-8 bytes: it runs twice on every request.
    static func bearerToken(_ header: String) -> String? {
        let bytes = Array(header.utf8)
        let scheme = Array("bearer ".utf8)
        guard bytes.count > scheme.count else { return nil }
        for index in scheme.indices {
            let byte = bytes[index]
            guard (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte) == scheme[index] else { return nil }
        }
        func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        var start = scheme.count, end = bytes.count
        while start < end, isBlank(bytes[start]) { start += 1 }
        while end > start, isBlank(bytes[end - 1]) { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
