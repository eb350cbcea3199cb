import BackendCore
import Foundation
import Testing

/// Identity keys: the orgs that trust the OIDC provider, whether its emails must be verified, and how
/// often open WebSockets re-check their caller.
@Suite("Auth configuration")
struct AuthConfigurationTests {
    static let oidc = [
        "oidc_issuer": "https://idp.example", "oidc_audience": "relay", "oidc_jwks_url": "https://idp.example/jwks",
    ]

    @Test("oidc_org_ids lists the trusting orgs; email_verified is required unless turned off; sockets re-check every 30 s")
    func parsed() throws {
        let (a, b) = (UUID(), UUID())
        let configuration = try BackendConfiguration(ConfigurationSource(values: Self.oidc.merging(["oidc_org_ids": "\(a), \(b.uuidString.lowercased())"]) { $1 }))
        let oidc = try #require(configuration.auth.oidc)
        #expect(oidc.orgIds == [a, b])
        #expect(oidc.requireEmailVerified)
        #expect(configuration.auth.webSocketRecheckInterval == .seconds(30))
        let relaxed = try BackendConfiguration(ConfigurationSource(values: Self.oidc.merging([
            "oidc_org_ids": a.uuidString, "oidc_require_email_verified": "false", "websocket_auth_recheck_seconds": "5",
        ]) { $1 }))
        #expect(relaxed.auth.oidc?.requireEmailVerified == false)
        #expect(relaxed.auth.webSocketRecheckInterval == .seconds(5))
        #expect(try BackendConfiguration(ConfigurationSource(values: [:])).auth.oidc == nil, "OIDC stays off without oidc_issuer")
    }

    @Test("bad or missing identity keys fail with a message naming the key", arguments: [
        ("oidc_org_ids", [:] as [String: String]),
        ("oidc_org_ids", ["oidc_org_ids": "not-a-uuid"]),
        ("oidc_org_ids", ["oidc_org_ids": " , "]),
        ("oidc_require_email_verified", ["oidc_org_ids": UUID().uuidString, "oidc_require_email_verified": "sometimes"]),
        ("websocket_auth_recheck_seconds", ["oidc_org_ids": UUID().uuidString, "websocket_auth_recheck_seconds": "0"]),
    ])
    func invalid(key: String, values: [String: String]) {
        #expect {
            _ = try BackendConfiguration(ConfigurationSource(values: Self.oidc.merging(values) { $1 }))
        } throws: { error in
            (error as? ConfigurationError)?.description.contains(key) == true
        }
    }
}
