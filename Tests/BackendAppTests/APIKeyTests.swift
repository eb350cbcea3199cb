import BackendApp
import BackendCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RelayAPI
import Testing
import TestSupport

/// Org API keys: an admin makes them (operator or reviewer, never admin), the key works as a bearer
/// token in its org only, is stored hashed, and stops at once when revoked or expired.
@Suite("Org API keys")
struct APIKeyTests {
    @Test("create, use, list without the secret, revoke; forged, other-org and wrong-secret keys refused", arguments: TestEnvironment.databaseKinds)
    func lifecycle(kind: String) async throws {
        try await TestApp.with(kind) { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                #expect(try await postJSON(client, "/v1/admin/api-keys", ["name": "x"], token: fixture.operatorToken).status == .forbidden)
                #expect(try await postJSON(client, "/v1/admin/api-keys", ["name": "x", "role": "admin"], token: fixture.adminToken).status == .badRequest)
                #expect(try await postJSON(client, "/v1/admin/api-keys", ["name": ""], token: fixture.adminToken).status == .badRequest)
                let created = try await postJSON(
                    client, "/v1/admin/api-keys", ["name": "nightly conform script", "role": "reviewer"], token: fixture.adminToken)
                #expect(created.status == .created)
                let body = try #require(try JSONSerialization.jsonObject(with: Data(created.body.readableBytesView)) as? [String: Any])
                let key = try #require(body["key"] as? String)
                let id = try #require(body["id"] as? String)
                #expect(key.hasPrefix("rk_api_") && key.utf8.count > 60 && body["role"] as? String == "reviewer")

                // It works as a bearer token, as a reviewer of org A.
                let listed = try await request(client, .get, "/v1/admin/devices", token: key)
                #expect(listed.status == .ok, "a reviewer may list devices")
                #expect(try await request(client, .get, "/v1/admin/users", token: key).status == .forbidden, "but administers nothing")
                let analyses = try await request(client, .get, "/api/v1/analysis", token: key)
                #expect(analyses.status == .ok)
                let me = try await request(client, .get, "/v1/auth/me", token: key)
                let who = try decode(MeResponse.self, me)
                #expect(me.status == .ok && who.kind == "api_key" && who.id == id && who.role == "reviewer" && who.fullName == "nightly conform script")

                // Only its hash is stored; lists never show the secret.
                let keyId = try #require(UUID(uuidString: id))
                let stored = try #require(try await services.auth.apiKeys?.repository.key(id: keyId))
                #expect(stored.secretHash.count == 64 && !key.contains(stored.secretHash))
                let list = try await request(client, .get, "/v1/admin/api-keys", token: fixture.adminToken)
                let text = String(buffer: list.body)
                #expect(list.status == .ok && text.contains(id) && !text.contains(String(key.suffix(20))) && text.contains("last_used_at"))
                #expect(!String(buffer: try await request(client, .get, "/v1/admin/api-keys", token: fixture.otherAdminToken).body).contains(id))

                // Forgeries.
                var wrongSecret = key
                wrongSecret.removeLast()
                wrongSecret.append(key.last == "A" ? "B" : "A")
                for forged in [wrongSecret, "rk_api_", "rk_api_00000000000000000000000000000000_abc", key + "x", "rk_api_zz_" + String(key.suffix(43))] {
                    let refused = try await request(client, .get, "/v1/admin/devices", token: forged)
                    #expect(refused.status == .unauthorized && errorCode(refused) == .tokenInvalid, "\(forged.prefix(50))")
                }

                // Revoked: refused at once; revoking again or from another org is 404.
                #expect(try await request(client, .delete, "/v1/admin/api-keys/\(id)", token: fixture.otherAdminToken).status == .notFound)
                #expect(try await request(client, .delete, "/v1/admin/api-keys/\(id)", token: fixture.adminToken).status == .noContent)
                let afterRevoke = try await request(client, .get, "/v1/admin/devices", token: key)
                #expect(afterRevoke.status == .unauthorized && errorCode(afterRevoke) == .tokenInvalid)
                #expect(try await request(client, .delete, "/v1/admin/api-keys/\(id)", token: fixture.adminToken).status == .notFound)
            }
        }
    }

    @Test("an expired key answers TOKEN_EXPIRED")
    func expiry() async throws {
        try await TestApp.with("sqlite") { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                let keys = try #require(services.auth.apiKeys)
                let (_, key) = try await keys.create(
                    orgId: fixture.orgA, createdBy: UUID(), name: "short", role: "operator", expiresInDays: 1, now: Date().addingTimeInterval(-2 * 86_400))
                let refused = try await request(client, .get, "/api/v1/analysis", token: key)
                #expect(refused.status == .unauthorized && errorCode(refused) == .tokenExpired)
            }
        }
    }
}
