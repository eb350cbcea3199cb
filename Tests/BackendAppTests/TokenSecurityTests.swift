import BackendApp
import BackendCore
import BackendStore
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RelayAPI
import Testing
import TestSupport

/// Every forged or unacceptable token is refused with 401 and the precise code — for Relay's own
/// access tokens and for OIDC id_tokens from a real (test) identity provider serving its JWKS over HTTP.
@Suite("Token security", .serialized)
struct TokenSecurityTests {
    /// One row of the table: a way to spoil a token, and the code it must produce.
    struct Row: Sendable, CustomStringConvertible {
        let description: String
        let code: APIErrorCode
    }

    @Test("forged, expired, misdirected and tampered access tokens are refused")
    func accessTokens() async throws {
        try await TestApp.with("sqlite") { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                let keys = try await SQLAuthRepository(database: services.database).signingKeys()
                let record = try #require(keys.first)
                let serverKey = try P256.Signing.PrivateKey(pemRepresentation: record.privateKeyPEM)
                let good = TestJWT.payload(fixture.operatorToken)
                let now = Int(Date().timeIntervalSince1970)
                func with(_ changes: [String: Any]) -> [String: Any] { good.merging(changes) { $1 } }
                let header: [String: Any] = ["kid": record.kid, "typ": "JWT"]
                let otherKey = P256.Signing.PrivateKey()

                let cases: [(String, String, APIErrorCode?)] = [
                    ("alg none", TestJWT.unsigned(header: header, payload: good), "TOKEN_INVALID"),
                    ("HS256 signed with the server's public key", TestJWT.hs256(header: header, payload: good, secret: Data(serverKey.publicKey.pemRepresentation.utf8)), "TOKEN_INVALID"),
                    ("expired", try TestJWT.es256(header: header, payload: with(["exp": now - 3600, "iat": now - 7200, "nbf": now - 7200]), key: serverKey), "TOKEN_EXPIRED"),
                    ("not yet valid", try TestJWT.es256(header: header, payload: with(["nbf": now + 3600]), key: serverKey), "TOKEN_INVALID"),
                    ("wrong issuer", try TestJWT.es256(header: header, payload: with(["iss": "https://evil.example"]), key: serverKey), "TOKEN_INVALID"),
                    ("wrong audience", try TestJWT.es256(header: header, payload: with(["aud": "someone-else"]), key: serverKey), "TOKEN_INVALID"),
                    ("unknown kid", try TestJWT.es256(header: ["kid": "no-such-key"], payload: good, key: serverKey), "TOKEN_INVALID"),
                    ("no kid", try TestJWT.es256(header: [:], payload: good, key: serverKey), "TOKEN_INVALID"),
                    ("signed by another key", try TestJWT.es256(header: header, payload: good, key: otherKey), "TOKEN_INVALID"),
                    ("tampered payload (operator → admin)", TestJWT.tamper(fixture.operatorToken, payload: with(["role": "admin"])), "TOKEN_INVALID"),
                    ("not an access token", try TestJWT.es256(header: header, payload: with(["typ": "refresh"]), key: serverKey), "TOKEN_INVALID"),
                    ("garbage", "not.a.jwt", "TOKEN_INVALID"),
                    ("missing", "", nil),
                ]
                for (name, token, code) in cases {
                    let response = try await request(client, .get, "/v1/auth/me", token: token.isEmpty ? nil : token)
                    #expect(response.status == .unauthorized, "\(name)")
                    #expect(errorCode(response) == (code ?? APIErrorCode.unauthorized), "\(name)")
                    #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true, "\(name)")
                }
                // The same server key with correct claims is accepted (the table's rows fail for their reason).
                let resigned = try TestJWT.es256(header: header, payload: good, key: serverKey)
                #expect(try await request(client, .get, "/v1/auth/me", token: resigned).status == .ok)
            }
        }
    }

    @Test("OIDC id_tokens: valid ES256 and RS256 log in; every spoiled token is refused")
    func idTokens() async throws {
        let idp = try TestIdentityProvider()
        let port = freeLoopbackPort()
        let orgId = UUID()
        try await idp.serve(port: port) {
            try await TestApp.with("sqlite", extra: [
                "oidc_issuer": idp.issuer, "oidc_audience": idp.audience, "oidc_jwks_url": "http://127.0.0.1:\(port)/.well-known/jwks.json",
                "oidc_org_ids": orgId.uuidString,
            ]) { services, router in
                try await TestApp.application(router).test(.router) { client in
                    // The org's id is in the configuration, so the org is made with that id.
                    let org = OrgRecord(id: orgId, name: "OIDC Org", createdAt: Date())
                    _ = try await services.auth.admin.repository.insertOrg(org)
                    let site = try await services.auth.admin.createSite(orgId: org.id, name: "Site")
                    let user = try await services.auth.admin.createUser(
                        orgId: org.id, email: "pat@example.com", name: "Pat", role: "reviewer", siteIds: [site.id], password: nil)

                    for token in [try idp.idToken(email: "Pat@Example.com"), try idp.rsaIdToken(email: "pat@example.com")] {
                        let response = try await postJSON(client, "/v1/auth/login", ["id_token": token])
                        #expect(response.status == .ok)
                        let login = try decode(LoginResponse.self, response)
                        #expect(login.userId == user.id.uuidString.lowercased())
                        #expect(login.expiresIn == 28_800)
                        let claims = TestJWT.payload(login.accessToken)
                        #expect(claims["sub"] as? String == user.id.uuidString.lowercased())
                        #expect(claims["org_id"] as? String == org.id.uuidString.lowercased())
                        #expect(claims["role"] as? String == "reviewer")
                        #expect(claims["site_ids"] as? [String] == [site.id.uuidString.lowercased()])
                        #expect(try await request(client, .get, "/v1/auth/me", token: login.accessToken).status == .ok)
                    }

                    let now = Int(Date().timeIntervalSince1970)
                    let good = idp.claims(email: "pat@example.com")
                    let valid = try idp.idToken(email: "pat@example.com")
                    let cases: [(String, String, Int, APIErrorCode)] = [
                        ("alg none", TestJWT.unsigned(header: ["kid": idp.ecKid], payload: good), 401, "TOKEN_INVALID"),
                        ("HS256 with the IdP's public key", TestJWT.hs256(header: ["kid": idp.ecKid], payload: good, secret: Data(idp.ecKey.publicKey.pemRepresentation.utf8)), 401, "TOKEN_INVALID"),
                        ("HS256 with the RSA public key", TestJWT.hs256(header: ["kid": idp.rsaKid], payload: good, secret: Data(idp.rsaKey.publicKey.pemRepresentation.utf8)), 401, "TOKEN_INVALID"),
                        ("expired", try idp.idToken(email: "pat@example.com", overrides: ["exp": now - 600, "iat": now - 4000, "nbf": now - 4000]), 401, "TOKEN_EXPIRED"),
                        ("not yet valid", try idp.idToken(email: "pat@example.com", overrides: ["nbf": now + 600]), 401, "TOKEN_INVALID"),
                        ("wrong issuer", try idp.idToken(email: "pat@example.com", overrides: ["iss": "https://other-idp.example"]), 401, "TOKEN_INVALID"),
                        ("wrong audience", try idp.idToken(email: "pat@example.com", overrides: ["aud": "another-app"]), 401, "TOKEN_INVALID"),
                        ("unknown kid", try idp.idToken(email: "pat@example.com", kid: "rotated-away"), 401, "TOKEN_INVALID"),
                        // No kid is fine only while the provider publishes one key; this one publishes two.
                        ("no kid, two keys published", try TestJWT.es256(header: ["typ": "JWT"], payload: good, key: idp.ecKey), 401, "TOKEN_INVALID"),
                        ("malformed kid", try TestJWT.es256(header: ["kid": 7], payload: good, key: idp.ecKey), 401, "TOKEN_INVALID"),
                        ("signed by a stranger", try TestJWT.es256(header: ["kid": idp.ecKid], payload: good, key: P256.Signing.PrivateKey()), 401, "TOKEN_INVALID"),
                        ("tampered payload", TestJWT.tamper(valid, payload: idp.claims(email: "admin@example.com")), 401, "TOKEN_INVALID"),
                        ("unknown user", try idp.idToken(email: "stranger@example.com"), 403, "USER_NOT_IN_ORG"),
                    ]
                    for (name, token, status, code) in cases {
                        let response = try await postJSON(client, "/v1/auth/login", ["id_token": token])
                        #expect(Int(response.status.code) == status, "\(name)")
                        #expect(errorCode(response) == code, "\(name)")
                    }
                }
            }
        }
    }

    @Test("without OIDC configured, id_token login is a clear 400")
    func oidcOff() async throws {
        try await TestApp.with("sqlite") { _, router in
            try await TestApp.application(router).test(.router) { client in
                let response = try await postJSON(client, "/v1/auth/login", ["id_token": "x.y.z"])
                #expect(response.status == .badRequest)
                #expect(errorCode(response) == "OIDC_NOT_CONFIGURED")
            }
        }
    }
}
