import BackendApp
import BackendCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import RelayAPI
import Testing
import TestSupport

/// The reviewer app's sign-in: the refresh token only ever in an HttpOnly SameSite=Strict cookie scoped to
/// `/v1/web/session`, rotated on every refresh, refused without the CSRF header or from another site.
@Suite("Web session cookie")
struct WebSessionTests {
    static let csrf = HTTPField.Name("X-Relay-CSRF")!

    static func send(
        _ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ path: String, body: [String: Any]? = nil, cookie: String? = nil,
        extra: HTTPFields = [:], csrf: Bool = true
    ) async throws -> TestResponse {
        var headers = extra
        if csrf { headers[Self.csrf] = "1" }
        if let cookie { headers[.cookie] = "theme=dark; relay_session=\(cookie)" }
        if body != nil { headers[.contentType] = "application/json" }
        let data = try body.map { try JSONSerialization.data(withJSONObject: $0) }
        return try await client.execute(uri: path, method: method, headers: headers, body: data.map { ByteBuffer(bytes: $0) }) { $0 }
    }

    /// The session cookie's value and attributes from `Set-Cookie`.
    static func sessionCookie(_ response: TestResponse) -> (value: String, attributes: Set<String>)? {
        guard let header = response.headers[.setCookie], header.hasPrefix("relay_session=") else { return nil }
        let parts = header.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        return (String(parts[0].dropFirst("relay_session=".count)), Set(parts.dropFirst()))
    }

    @Test("sign in, use, refresh (rotated), replay refused, sign out", arguments: TestEnvironment.databaseKinds)
    func lifecycle(kind: String) async throws {
        try await TestApp.with(kind) { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                let email = "web-\(UUID().uuidString.prefix(6).lowercased())@example.com"
                _ = try await services.auth.admin.createUser(
                    orgId: fixture.orgA, email: email, name: "Rita Reviewer", role: "reviewer", siteIds: [], password: AuthFixture.password)

                let wrong = try await Self.send(client, .post, "/v1/web/session", body: ["email": email, "password": "not it"])
                #expect(wrong.status == .unauthorized && errorCode(wrong) == .invalidCredentials && wrong.headers[.setCookie] == nil)

                let signedIn = try await Self.send(client, .post, "/v1/web/session", body: ["email": email, "password": AuthFixture.password])
                #expect(signedIn.status == .ok)
                #expect(signedIn.headers[.cacheControl] == "no-store")
                let cookie = try #require(Self.sessionCookie(signedIn))
                #expect(cookie.attributes.isSuperset(of: ["HttpOnly", "SameSite=Strict", "Path=/v1/web/session"]), "\(cookie.attributes)")
                #expect(cookie.attributes.contains { $0.hasPrefix("Max-Age=") && Int($0.dropFirst(8)) ?? 0 > 86_400 })
                let text = String(buffer: signedIn.body)
                #expect(!text.contains("refresh_token") && !text.contains(cookie.value), "the page never sees the refresh token")
                let session = try decode(WebSessionResponse.self, signedIn)
                #expect(session.user.role == "reviewer" && session.user.fullName == "Rita Reviewer" && session.tokenType == "Bearer")
                let me = try await request(client, .get, "/v1/auth/me", token: session.accessToken)
                let meBody = try decode(MeResponse.self, me)
                #expect(me.status == .ok && meBody.email == email)

                // Refresh: a new access token and a rotated cookie.
                let refreshed = try await Self.send(client, .post, "/v1/web/session/refresh", cookie: cookie.value)
                #expect(refreshed.status == .ok)
                let rotated = try #require(Self.sessionCookie(refreshed))
                #expect(rotated.value != cookie.value && !rotated.value.isEmpty)
                let again = try decode(WebSessionResponse.self, refreshed)
                #expect(try await request(client, .get, "/v1/auth/me", token: again.accessToken).status == .ok)

                // The spent cookie replayed: refused, the cookie cleared, and its whole login revoked.
                let replayed = try await Self.send(client, .post, "/v1/web/session/refresh", cookie: cookie.value)
                #expect(replayed.status == .unauthorized && errorCode(replayed) == .refreshTokenReused)
                #expect(Self.sessionCookie(replayed)?.value == "" && Self.sessionCookie(replayed)?.attributes.contains("Max-Age=0") == true)
                #expect(try await Self.send(client, .post, "/v1/web/session/refresh", cookie: rotated.value).status == .unauthorized)

                // A fresh sign-in, then sign out: the cookie cleared and dead.
                let second = try await Self.send(client, .post, "/v1/web/session", body: ["email": email, "password": AuthFixture.password])
                let secondCookie = try #require(Self.sessionCookie(second))
                let out = try await Self.send(client, .delete, "/v1/web/session", cookie: secondCookie.value)
                #expect(out.status == .noContent && Self.sessionCookie(out)?.attributes.contains("Max-Age=0") == true)
                let afterOut = try await Self.send(client, .post, "/v1/web/session/refresh", cookie: secondCookie.value)
                #expect(afterOut.status == .unauthorized)
                // Without any cookie: 204 (signed out, not an error), and signing out twice is harmless.
                let none = try await Self.send(client, .post, "/v1/web/session/refresh")
                #expect(none.status == .noContent && none.body.readableBytes == 0 && none.headers[.setCookie] == nil)
                #expect(try await Self.send(client, .delete, "/v1/web/session", cookie: secondCookie.value).status == .noContent)
            }
        }
    }

    @Test("CSRF: no header, a cross-site fetch or another Origin are 403 CSRF_REJECTED and change nothing")
    func csrf() async throws {
        try await TestApp.with("sqlite") { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                let email = "csrf-\(UUID().uuidString.prefix(6))@example.com"
                _ = try await services.auth.admin.createUser(
                    orgId: fixture.orgA, email: email, name: "C", role: "admin", siteIds: [], password: AuthFixture.password)
                let credentials: [String: Any] = ["email": email, "password": AuthFixture.password]
                let signedIn = try await Self.send(client, .post, "/v1/web/session", body: credentials)
                let cookie = try #require(Self.sessionCookie(signedIn)).value

                let publicOrigin = try #require(WebSecurityHeaders.origin(of: services.configuration.server.publicURL))
                let attacks: [(String, HTTPFields, Bool)] = [
                    ("no header", [:], false),
                    ("empty header", [Self.csrf: ""], false),
                    ("cross-site fetch", [HTTPField.Name("Sec-Fetch-Site")!: "cross-site"], true),
                    ("same-site other origin", [HTTPField.Name("Sec-Fetch-Site")!: "same-site"], true),
                    ("other origin", [.origin: "https://evil.example"], true),
                    ("null origin", [.origin: "null"], true),
                ]
                for (name, headers, withHeader) in attacks {
                    for (method, path, body) in [
                        (HTTPRequest.Method.post, "/v1/web/session", credentials as [String: Any]?), (.post, "/v1/web/session/refresh", nil),
                        (.delete, "/v1/web/session", nil),
                    ] {
                        let refused = try await Self.send(client, method, path, body: body, cookie: cookie, extra: headers, csrf: withHeader)
                        #expect(refused.status == .forbidden && errorCode(refused) == .csrfRejected, "\(name): \(method) \(path)")
                        #expect(refused.headers[.setCookie] == nil, "\(name): \(method) \(path) set no cookie")
                    }
                }
                // The cookie survived every attempt; the app's own origin and a same-origin fetch pass.
                let fine = try await Self.send(
                    client, .post, "/v1/web/session/refresh", cookie: cookie,
                    extra: [.origin: publicOrigin, HTTPField.Name("Sec-Fetch-Site")!: "same-origin"])
                #expect(fine.status == .ok)
            }
        }
    }
}
