import BackendCore
import Hummingbird

/// Verifies a bearer token, when the request carries one, before rate limiting: so token-scoped limits
/// are keyed by the verified caller, and a forged or expired token counts against its IP address (a
/// fresh junk header is not a fresh bucket). Never fails the request itself: the identity, or why there
/// is none, goes into the context, and `AuthMiddleware` decides on the routes that need a caller.
package struct BearerIdentityMiddleware: RouterMiddleware {
    package typealias Context = AppRequestContext
    let auth: AuthService

    package init(auth: AuthService) {
        self.auth = auth
    }

    package func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard let token = AuthMiddleware.bearer(request) else { return try await next(request, context) }
        var context = context
        do {
            context.identity = try await auth.authenticate(bearer: token)
        } catch {
            context.authenticationFailure = error
        }
        return try await next(request, context)
    }
}
