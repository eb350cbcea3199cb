import BackendCore
import Foundation
import HTTPTypes
import Hummingbird
import RelayAPI

/// The reviewer app's sign-in (`/v1/web/session`): the refresh token lives in an HttpOnly, SameSite=Strict
/// cookie scoped to this path, so no script ever reads it; the access token goes to the page, which keeps it
/// in memory and sends it as a bearer token like any client. A reload signs in again through `refresh`.
///
/// CSRF: every request here must carry `X-Relay-CSRF` (a header no cross-site form or image can send, and
/// a cross-site `fetch` cannot without a CORS preflight that this server never grants), must not come from
/// another site (`Sec-Fetch-Site`, `Origin`), and the cookie itself is SameSite=Strict.
struct WebSessionController {
    let auth: AuthService
    /// `Secure` on the cookie (when the public URL is https).
    let secureCookie: Bool
    /// The configured public URL's origin, accepted as `Origin` besides the request's own `Host` (a proxy
    /// may rewrite `Host`).
    let publicOrigin: String?

    static let path = "/v1/web/session"
    static let cookieName = "relay_session"
    static let csrfHeader = HTTPField.Name("X-Relay-CSRF")!

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post(RouterPath(stringLiteral: Self.path)) { request, context -> EditedResponse<WebSessionResponse> in
            try checkSameSite(request)
            let login = try await auth.login(request.decodeJSON(as: LoginRequest.self, context: context))
            return try await session(login)
        }
        router.post(RouterPath(stringLiteral: Self.path + "/refresh")) { request, context -> Response in
            try checkSameSite(request)
            // No cookie is the signed-out page's normal first question, not an error: 204, no body.
            guard let token = Self.cookie(request) else {
                return Response(status: .noContent, headers: [.cacheControl: "no-store"])
            }
            do {
                return try await session(try await auth.refresh(token)).response(from: request, context: context)
            } catch let error as AppError where error.status == 401 {
                // A dead session cookie is dropped, so the page shows the sign-in form.
                var headers = error.headers
                headers["Set-Cookie"] = clearedCookie()
                throw AppError(status: error.status, code: error.code, message: error.message, details: error.details, headers: headers)
            }
        }
        router.delete(RouterPath(stringLiteral: Self.path)) { request, _ -> Response in
            try checkSameSite(request)
            if let token = Self.cookie(request) {
                // An unknown or spent token signs out all the same.
                do { try await auth.logout(token) } catch let error as AppError where error.status == 401 {}
            }
            return Response(status: .noContent, headers: [.setCookie: clearedCookie(), .cacheControl: "no-store"])
        }
    }

    func session(_ login: LoginResponse) async throws -> EditedResponse<WebSessionResponse> {
        guard let id = UUID(uuidString: login.userId), let user = try await auth.repository.user(id: id) else {
            throw AppError(status: 401, code: .refreshTokenInvalid, message: "the account no longer exists")
        }
        return EditedResponse(
            status: .ok, headers: [.setCookie: cookie(login.refreshToken), .cacheControl: "no-store"],
            response: WebSessionResponse(accessToken: login.accessToken, expiresIn: login.expiresIn, user: AuthController.me(user)))
    }

    func cookie(_ value: String) -> String {
        let lifetime = Int(auth.configuration.refreshTokenLifetime)
        return "\(Self.cookieName)=\(value); Path=\(Self.path); Max-Age=\(lifetime); HttpOnly; SameSite=Strict" + (secureCookie ? "; Secure" : "")
    }

    func clearedCookie() -> String {
        "\(Self.cookieName)=; Path=\(Self.path); Max-Age=0; HttpOnly; SameSite=Strict" + (secureCookie ? "; Secure" : "")
    }

    /// The session cookie's value, if the request has one.
    static func cookie(_ request: Request) -> String? { request.cookie(named: cookieName) }

    /// 403 `CSRF_REJECTED` unless the request is the app's own: the custom header present, and the
    /// browser's `Sec-Fetch-Site` (when sent) and `Origin` (when sent) saying same origin.
    func checkSameSite(_ request: Request) throws {
        func reject(_ why: String) -> AppError { AppError(status: 403, code: .csrfRejected, message: why) }
        guard let marker = request.headers[Self.csrfHeader], !marker.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw reject("web session requests need the X-Relay-CSRF header (any value)")
        }
        if let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!], site != "same-origin", site != "none" {
            throw reject("web session requests must come from this site (Sec-Fetch-Site: \(site.prefix(20)))")
        }
        if let origin = request.headers[.origin] {
            let host = (request.head.authority ?? "").lowercased()
            let sameHost = URL(string: origin).flatMap { url in url.host.map { Self.authority(host: $0, port: url.port) } } == host
            guard (sameHost && !host.isEmpty) || WebSecurityHeaders.origin(of: origin) == publicOrigin else {
                throw reject("web session requests must come from this site (Origin \(origin.prefix(60)) is another)")
            }
        }
    }

    static func authority(host: String, port: Int?) -> String {
        let name = host.contains(":") ? "[\(host)]" : host
        return (port.map { "\(name):\($0)" } ?? name).lowercased()
    }
}

extension WebSessionResponse: ResponseEncodable {}
