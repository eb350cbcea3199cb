import BackendApp
import BackendCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RelayAPI
import Testing
import TestSupport

/// The reviewer app's "Sign in with …" on the server side, without a browser: what the page is told, the
/// callback's refusals (each lands on the sign-in page with its code and clears the state cookie), and the
/// id_token's nonce. The whole round trip against a real provider is Tests/browser/oidc_test.py.
@Suite("Web sign-in with an identity provider")
struct WebOIDCTests {
    static func with(
        webSignIn: Bool, _ body: @escaping @Sendable (TestIdentityProvider, AppServices, any TestClientProtocol) async throws -> Void
    ) async throws {
        let idp = try TestIdentityProvider()
        let folder = try TestEnvironment.temporaryDirectory("relay-idp-web")
        defer { try? FileManager.default.removeItem(at: folder) }
        let trusting = UUID()
        let keys: [String: String] = [
            "oidc_issuer": idp.issuer, "oidc_audience": idp.audience, "oidc_jwks_file": try idp.jwksFile(in: folder),
            "oidc_org_ids": trusting.uuidString, "oidc_web_sign_in": webSignIn ? "true" : "false",
            // Nothing listens there: discovery fails, and the refusals below never need it.
            "oidc_discovery_url": "http://127.0.0.1:9/.well-known/openid-configuration", "oidc_display_name": "Studio SSO",
        ]
        try await TestApp.with("sqlite", extra: keys) { services, router in
            _ = try await services.auth.admin.repository.insertOrg(OrgRecord(id: trusting, name: "Trusting Org", createdAt: Date()))
            _ = try await services.auth.admin.createUser(
                orgId: trusting, email: "pat@example.com", name: "Pat", role: "reviewer", siteIds: [], password: nil)
            try await TestApp.application(router).test(.router) { client in try await body(idp, services, client) }
        }
    }

    static func get(_ client: some TestClientProtocol, _ uri: String, cookie: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let cookie { headers[.cookie] = "relay_oidc=\(cookie)" }
        return try await client.execute(uri: uri, method: .get, headers: headers, body: nil) { $0 }
    }

    /// The callback sent the browser back to the sign-in page with `code` and cleared the state cookie.
    static func expectLanding(_ response: TestResponse, _ code: String, _ comment: Comment) {
        #expect(response.status == .found, comment)
        #expect(response.headers[.location] == "/?sign_in_error=\(code)", comment)
        #expect(response.headers[values: .setCookie].contains { $0.hasPrefix("relay_oidc=;") && $0.contains("Max-Age=0") }, comment)
        #expect(!response.headers[values: .setCookie].contains { $0.hasPrefix("relay_session=") }, comment)
    }

    @Test("off: the page is told there is no provider; start and callback answer 400 OIDC_NOT_CONFIGURED")
    func off() async throws {
        try await Self.with(webSignIn: false) { _, _, client in
            let config = try await Self.get(client, "/v1/web/config")
            #expect(config.status == .ok && String(buffer: config.body) == #"{"oidc":null}"#)
            for path in ["/v1/web/oidc/start", "/v1/web/oidc/callback?code=a&state=b"] {
                let refused = try await Self.get(client, path)
                #expect(refused.status == .badRequest && errorCode(refused) == .oidcNotConfigured, "\(path)")
            }
        }
    }

    @Test("on: the page is told; a callback without this browser's state, with another state, denied, or with a forged cookie lands signed out with its reason")
    func refusals() async throws {
        try await Self.with(webSignIn: true) { _, services, client in
            let config = try JSONSerialization.jsonObject(with: Data(try await Self.get(client, "/v1/web/config").body.readableBytesView)) as? [String: Any]
            let provider = config?["oidc"] as? [String: Any]
            #expect(provider?["name"] as? String == "Studio SSO" && provider?["start_url"] as? String == "/v1/web/oidc/start")

            Self.expectLanding(try await Self.get(client, "/v1/web/oidc/callback?code=c&state=s"), "SIGN_IN_EXPIRED", "no cookie")
            let started = try await services.auth.tokens.issueOIDCState(state: "the-state", nonce: "n", verifier: "v")
            Self.expectLanding(
                try await Self.get(client, "/v1/web/oidc/callback?code=c&state=another-state", cookie: started), "SIGN_IN_STATE_MISMATCH", "other state")
            Self.expectLanding(try await Self.get(client, "/v1/web/oidc/callback?state=the-state", cookie: started), "SIGN_IN_STATE_MISMATCH", "no code")
            Self.expectLanding(
                try await Self.get(client, "/v1/web/oidc/callback?error=access_denied&state=the-state", cookie: started), "SIGN_IN_CANCELLED", "denied")
            Self.expectLanding(
                try await Self.get(client, "/v1/web/oidc/callback?error=server_error", cookie: started), "IDENTITY_PROVIDER_ERROR", "provider error")
            // Other tokens of this server are not a sign-in state.
            let access = try await services.auth.tokens.issue(subject: UUID(), orgId: UUID(), role: .admin, siteIds: [], lifetime: 600)
            let playback = try await services.auth.tokens.issuePlayback(
                for: Identity(subject: UUID(), orgId: UUID(), role: .admin, siteIds: [], tokenId: "t", expiresAt: Date()), videoId: UUID(), lifetime: 600)
            for forged in [access, playback.token, started + "x", "not-a-jwt"] {
                Self.expectLanding(try await Self.get(client, "/v1/web/oidc/callback?code=c&state=the-state", cookie: forged), "SIGN_IN_EXPIRED", "forged")
            }
            // An expired state.
            let old = try await services.auth.tokens.issueOIDCState(state: "s", nonce: "n", verifier: "v", now: Date().addingTimeInterval(-700))
            Self.expectLanding(try await Self.get(client, "/v1/web/oidc/callback?code=c&state=s", cookie: old), "SIGN_IN_EXPIRED", "expired")
            // The right state, but the provider cannot be reached: back with the reason, nobody signed in.
            Self.expectLanding(
                try await Self.get(client, "/v1/web/oidc/callback?code=c&state=the-state", cookie: started), "SERVICE_UNAVAILABLE", "provider down")
            let start = try await Self.get(client, "/v1/web/oidc/start")
            #expect(start.status == .serviceUnavailable && errorCode(start) == .unavailable)
        }
    }

    @Test("the id_token must carry the nonce this browser's sign-in started with")
    func nonce() async throws {
        try await Self.with(webSignIn: true) { idp, services, _ in
            let good = try idp.idToken(email: "pat@example.com", overrides: ["nonce": "nonce-1"])
            let login = try await services.auth.login(idToken: good, expectedNonce: "nonce-1")
            #expect(!login.accessToken.isEmpty)
            for (token, why) in [
                (try idp.idToken(email: "pat@example.com", overrides: ["nonce": "nonce-2"]), "another sign-in's nonce"),
                (try idp.idToken(email: "pat@example.com"), "no nonce"),
            ] {
                await #expect(throws: AppError.self, "\(why)") { _ = try await services.auth.login(idToken: token, expectedNonce: "nonce-1") }
            }
            await #expect(throws: AppError.self, "an unknown user") {
                _ = try await services.auth.login(idToken: try idp.idToken(email: "nobody@example.com", overrides: ["nonce": "n"]), expectedNonce: "n")
            }
        }
    }
}
