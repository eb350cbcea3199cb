import BackendCore
import Foundation
import HTTPTypes
import Hummingbird
import RelayAPI

/// The reviewer app's "Sign in with …" (OpenID Connect authorization code flow with PKCE), when
/// `oidc_web_sign_in` is on, and `GET /v1/web/config`, which tells the page whether to offer it.
///
/// `start` puts the sign-in's state, nonce and PKCE verifier in a signed, HttpOnly, SameSite=Lax cookie
/// scoped to `/v1/web/oidc` (Lax, because the provider sends the browser back with a cross-site
/// navigation) and sends the browser to the provider. `callback` checks the returned `state` against that
/// cookie, trades the code (with the verifier) for an id_token, checks its signature, issuer, audience,
/// times and `nonce`, and signs in as an id_token login does; the browser then lands on the app with the
/// same session cookie as a password sign-in. A failure lands on the sign-in page with its code.
struct WebOIDCController {
    let auth: AuthService
    /// Nil when the page's OIDC sign-in is off.
    let flow: OIDCWebFlow?
    let session: WebSessionController
    /// Where the provider sends the browser back (`{public_url}/v1/web/oidc/callback`).
    let redirectURI: String

    static let path = "/v1/web/oidc"
    static let cookieName = "relay_oidc"

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/v1/web/config") { _, _ -> WebConfig in
            WebConfig(oidc: flow.map { WebConfig.Provider(name: $0.configuration.displayName, startUrl: Self.path + "/start") })
        }
        router.get(RouterPath(stringLiteral: Self.path + "/start")) { _, _ -> Response in
            guard let flow else { throw Self.notEnabled }
            let attempt = OIDCWebFlow.Attempt()
            let location = try await flow.authorizationURL(for: attempt, redirectURI: redirectURI)
            let state = try await auth.tokens.issueOIDCState(state: attempt.state, nonce: attempt.nonce, verifier: attempt.verifier)
            return Response(status: .found, headers: [.location: location, .setCookie: stateCookie(state, maxAge: 600), .cacheControl: "no-store"])
        }
        router.get(RouterPath(stringLiteral: Self.path + "/callback")) { request, context -> Response in
            guard let flow else { throw Self.notEnabled }
            return await callback(request, flow: flow, context: context)
        }
    }

    func callback(_ request: Request, flow: OIDCWebFlow, context: AppRequestContext) async -> Response {
        let query = request.uri.queryParameters
        if let error = query["error"] {
            return landing(error: error == "access_denied" ? "SIGN_IN_CANCELLED" : "IDENTITY_PROVIDER_ERROR")
        }
        guard let cookie = Self.cookie(request), let started = try? await auth.tokens.verifyOIDCState(cookie) else {
            return landing(error: "SIGN_IN_EXPIRED")
        }
        guard let state = query["state"].map(String.init), APIKeyService.constantTimeEqual(state, started.state),
            let code = query["code"].map(String.init), !code.isEmpty, code.utf8.count <= 2048
        else { return landing(error: "SIGN_IN_STATE_MISMATCH") }
        do {
            let idToken = try await flow.idToken(code: code, verifier: started.verifier, redirectURI: redirectURI)
            let login = try await auth.login(idToken: idToken, expectedNonce: started.nonce)
            var headers: HTTPFields = [.location: "/#/sessions", .cacheControl: "no-store"]
            headers.append(HTTPField(name: .setCookie, value: session.cookie(login.refreshToken)))
            headers.append(HTTPField(name: .setCookie, value: stateCookie("", maxAge: 0)))
            return Response(status: .found, headers: headers)
        } catch let error as AppError {
            // The person sees the code's explanation; the log keeps the precise reason.
            context.logger.info("web sign-in refused", metadata: ["code": "\(error.code.rawValue)", "reason": "\(error.message)"])
            return landing(error: error.code.rawValue)
        } catch {
            context.logger.error("web sign-in failed", metadata: ["error": "\(error)"])
            return landing(error: APIErrorCode.internalError.rawValue)
        }
    }

    /// Back to the sign-in page with the error's code (`?sign_in_error=…`), the state cookie cleared.
    func landing(error code: String) -> Response {
        let safe = String(code.uppercased().unicodeScalars.filter { CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZ_").contains($0) }.prefix(40))
        return Response(status: .found, headers: [.location: "/?sign_in_error=\(safe)", .setCookie: stateCookie("", maxAge: 0), .cacheControl: "no-store"])
    }

    func stateCookie(_ value: String, maxAge: Int) -> String {
        "\(Self.cookieName)=\(value); Path=\(Self.path); Max-Age=\(maxAge); HttpOnly; SameSite=Lax" + (session.secureCookie ? "; Secure" : "")
    }

    static func cookie(_ request: Request) -> String? { request.cookie(named: cookieName) }

    static var notEnabled: AppError {
        AppError(status: 400, code: .oidcNotConfigured, message: "sign-in with an identity provider is not enabled on this server")
    }
}

/// `GET /v1/web/config`: what the sign-in page may offer.
struct WebConfig: ResponseEncodable {
    struct Provider: Codable, Sendable {
        let name: String
        let startUrl: String

        enum CodingKeys: String, CodingKey {
            case name
            case startUrl = "start_url"
        }
    }

    /// Null when only email and password are offered.
    let oidc: Provider?

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(oidc, forKey: .oidc)
    }

    enum CodingKeys: String, CodingKey { case oidc }
}
