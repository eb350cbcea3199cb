import BackendApp
import BackendCore
import Foundation
import Hummingbird
import HummingbirdTesting
import RelayAPI
import Testing
import TestSupport

/// An id_token's `email` logs a user in only when the provider says it verified that address, and only
/// for users of the orgs configured to trust the provider (`oidc_org_ids`). A user of any other org gets
/// the same answer as an unknown email.
@Suite("OIDC email trust")
struct OIDCTrustTests {
    /// A provider (JWKS in a file) trusted by one org, with a user there and a user of an org that does
    /// not trust it; `body` gets the provider and the router's client.
    static func withProvider(
        _ kind: String, extra: [String: String] = [:],
        _ body: @escaping @Sendable (TestIdentityProvider, any TestClientProtocol) async throws -> Void
    ) async throws {
        let idp = try TestIdentityProvider()
        let folder = try TestEnvironment.temporaryDirectory("relay-idp")
        defer { try? FileManager.default.removeItem(at: folder) }
        let trusting = UUID()
        let keys: [String: String] = [
            "oidc_issuer": idp.issuer, "oidc_audience": idp.audience, "oidc_jwks_file": try idp.jwksFile(in: folder),
            "oidc_org_ids": trusting.uuidString,
        ]
        try await TestApp.with(kind, extra: keys.merging(extra) { $1 }) { services, router in
            let admin = services.auth.admin
            _ = try await admin.repository.insertOrg(OrgRecord(id: trusting, name: "Trusting Org", createdAt: Date()))
            _ = try await admin.createUser(orgId: trusting, email: "pat@example.com", name: "Pat", role: "reviewer", siteIds: [], password: nil)
            let other = try await admin.createOrg(name: "Other Org")
            _ = try await admin.createUser(orgId: other.id, email: "sam@example.com", name: "Sam", role: "admin", siteIds: [], password: nil)
            try await TestApp.application(router).test(.router) { client in try await body(idp, client) }
        }
    }

    static func login(_ client: any TestClientProtocol, _ token: String) async throws -> TestResponse {
        try await postJSON(client, "/v1/auth/login", ["id_token": token])
    }

    @Test("the email counts only when verified, and only for users of the orgs that trust the issuer", arguments: TestEnvironment.databaseKinds)
    func trust(kind: String) async throws {
        try await Self.withProvider(kind) { idp, client in
            let cases: [(String, String, Any, Int, APIErrorCode?)] = [
                ("verified, user of the trusting org", "pat@example.com", true, 200, nil),
                ("verified as the string \"true\" (some providers)", "pat@example.com", "true", 200, nil),
                ("email_verified missing", "pat@example.com", NSNull(), 403, "EMAIL_NOT_VERIFIED"),
                ("email_verified false", "pat@example.com", false, 403, "EMAIL_NOT_VERIFIED"),
                ("email_verified \"false\"", "pat@example.com", "false", 403, "EMAIL_NOT_VERIFIED"),
                ("user of an org that does not trust the issuer", "sam@example.com", true, 403, "USER_NOT_IN_ORG"),
                ("unknown email", "stranger@example.com", true, 403, "USER_NOT_IN_ORG"),
            ]
            for (name, email, verified, status, code) in cases {
                let response = try await Self.login(client, try idp.idToken(email: email, overrides: ["email_verified": verified]))
                #expect(Int(response.status.code) == status, "\(name)")
                if let code { #expect(errorCode(response) == code, "\(name)") }
            }
            // Another org's user and a stranger cannot be told apart.
            let sam = try expectEnvelope(
                try await Self.login(client, try idp.idToken(email: "sam@example.com")), status: 403, code: "USER_NOT_IN_ORG")
            let stranger = try expectEnvelope(
                try await Self.login(client, try idp.idToken(email: "stranger@example.com")), status: 403, code: "USER_NOT_IN_ORG")
            #expect(sam.error.message == stranger.error.message && sam.error.details == stranger.error.details)
        }
    }

    @Test("oidc_require_email_verified=false accepts a provider that omits the claim, never an explicit false")
    func verificationOff() async throws {
        try await Self.withProvider("sqlite", extra: ["oidc_require_email_verified": "false"]) { idp, client in
            let omitted = try await Self.login(client, try idp.idToken(email: "pat@example.com", overrides: ["email_verified": NSNull()]))
            #expect(omitted.status == .ok)
            try expectEnvelope(
                try await Self.login(client, try idp.idToken(email: "pat@example.com", overrides: ["email_verified": false])),
                status: 403, code: "EMAIL_NOT_VERIFIED")
            try expectEnvelope(
                try await Self.login(client, try idp.idToken(email: "sam@example.com", overrides: ["email_verified": NSNull()])),
                status: 403, code: "USER_NOT_IN_ORG")
        }
    }
}
