import BackendApp
import BackendCore
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RelayAPI
import Testing
import TestSupport

/// {device, operator, reviewer, admin, admin of another org} × each route group → expected status.
/// Another org's resources always answer 404, never 403.
@Suite("Authorization matrix", .serialized)
struct AuthorizationMatrixTests {
    enum Caller: String, CaseIterable, Sendable {
        case device, operator_ = "operator", reviewer, admin, otherOrgAdmin = "other-org admin"
    }

    @Test("every caller × route group", arguments: TestEnvironment.databaseKinds)
    func matrix(kind: String) async throws {
        try await TestApp.with(kind) { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                func token(_ caller: Caller) -> String {
                    switch caller {
                    case .device: fixture.deviceToken
                    case .operator_: fixture.operatorToken
                    case .reviewer: fixture.reviewerToken
                    case .admin: fixture.adminToken
                    case .otherOrgAdmin: fixture.otherAdminToken
                    }
                }
                /// A fresh device and key of org A for each destructive row, so rows do not affect each other.
                func freshDevice() async throws -> String {
                    let key = Curve25519.Signing.PrivateKey()
                    let response = try await postJSON(client, "/v1/auth/device", AuthFixture.enrollment(org: fixture.orgA, secret: fixture.enrollmentSecret, key: key))
                    return try decode(DeviceAuthResponse.self, response).deviceId
                }
                func freshKey() async throws -> String {
                    try await services.auth.admin.createEnrollmentKey(orgId: fixture.orgA, siteId: nil, uses: 1, expiresIn: nil).record.id.uuidString
                }
                typealias Route = (name: String, call: (String) async throws -> TestResponse, expected: [Caller: Int])
                let routes: [Route] = [
                    ("GET /v1/auth/me", { try await request(client, .get, "/v1/auth/me", token: $0) },
                        [.device: 200, .operator_: 200, .reviewer: 200, .admin: 200, .otherOrgAdmin: 200]),
                    ("GET /v1/admin/users", { try await request(client, .get, "/v1/admin/users", token: $0) },
                        [.device: 403, .operator_: 403, .reviewer: 403, .admin: 200, .otherOrgAdmin: 200]),
                    ("POST /v1/admin/sites", { try await postJSON(client, "/v1/admin/sites", ["name": "Site \(UUID().uuidString.prefix(5))"], token: $0) },
                        [.device: 403, .operator_: 403, .reviewer: 403, .admin: 201, .otherOrgAdmin: 201]),
                    ("POST /v1/admin/devices/{org A device}/revoke", { token in
                        let id = try await freshDevice()
                        return try await request(client, .post, "/v1/admin/devices/\(id)/revoke", token: token)
                    }, [.device: 403, .operator_: 403, .reviewer: 403, .admin: 200, .otherOrgAdmin: 404]),
                    ("DELETE /v1/admin/enrollment-keys/{org A key}", { token in
                        let id = try await freshKey()
                        return try await request(client, .delete, "/v1/admin/enrollment-keys/\(id)", token: token)
                    }, [.device: 403, .operator_: 403, .reviewer: 403, .admin: 204, .otherOrgAdmin: 404]),
                    // Reviewers see their sites' devices and how they are doing (issue 19, device health).
                    ("GET /v1/admin/devices", { try await request(client, .get, "/v1/admin/devices", token: $0) },
                        [.device: 403, .operator_: 403, .reviewer: 200, .admin: 200, .otherOrgAdmin: 200]),
                ]
                for route in routes {
                    for caller in Caller.allCases {
                        let response = try await route.call(token(caller))
                        #expect(Int(response.status.code) == route.expected[caller], "\(caller.rawValue) → \(route.name): \(response.status.code)")
                        if response.status == .forbidden { #expect(errorCode(response) == APIErrorCode.forbidden) }
                        if response.status == .notFound { #expect(errorCode(response) == APIErrorCode.notFound) }
                    }
                }
                // No cross-org leakage in lists: org B's admin sees none of org A's users or devices.
                let otherUsers = String(buffer: try await request(client, .get, "/v1/admin/users", token: fixture.otherAdminToken).body)
                #expect(!otherUsers.contains(fixture.orgA.uuidString.lowercased()))
                let otherDevices = String(buffer: try await request(client, .get, "/v1/admin/devices", token: fixture.otherAdminToken).body)
                #expect(!otherDevices.contains(fixture.deviceId))
                // A malformed id is a 404 too, not a 400 that would tell ids apart.
                #expect(try await request(client, .post, "/v1/admin/devices/not-a-uuid/revoke", token: fixture.adminToken).status == .notFound)
                // Unauthenticated: 401 on every protected group.
                #expect(try await request(client, .get, "/v1/admin/users", token: nil).status == .unauthorized)
            }
        }
    }

    @Test("an admin creates users, sites and keys in their own org only; the key is shown once")
    func adminAPI() async throws {
        try await TestApp.with("sqlite") { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                let site = try await postJSON(client, "/v1/admin/sites", ["name": "Annex"], token: fixture.adminToken)
                #expect(site.status == .created)
                let siteBody = try #require(try JSONSerialization.jsonObject(with: Data(site.body.readableBytesView)) as? [String: Any])
                #expect(siteBody["org_id"] as? String == fixture.orgA.uuidString.lowercased())
                let siteId = try #require(siteBody["id"] as? String)
                #expect(try await postJSON(client, "/v1/admin/sites", ["name": "Annex"], token: fixture.adminToken).status == .conflict)

                let user = try await postJSON(client, "/v1/admin/users", ["email": "new.op@example.com", "name": "New Op", "role": "operator", "site_ids": [siteId], "password": AuthFixture.password], token: fixture.adminToken)
                #expect(user.status == .created)
                // Another org's admin cannot put a user on org A's site: the site is not found in their org.
                let foreign = try await postJSON(client, "/v1/admin/users", ["email": "x@example.com", "name": "X", "role": "operator", "site_ids": [siteId]], token: fixture.otherAdminToken)
                #expect(foreign.status == .notFound)

                let key = try await postJSON(client, "/v1/admin/enrollment-keys", ["site_id": siteId, "uses": 2, "expires_in_days": 1], token: fixture.adminToken)
                #expect(key.status == .created)
                let keyBody = try #require(try JSONSerialization.jsonObject(with: Data(key.body.readableBytesView)) as? [String: Any])
                let secret = try #require(keyBody["key"] as? String)
                #expect(secret.hasPrefix("rk_"))
                let listed = String(buffer: try await request(client, .get, "/v1/admin/enrollment-keys", token: fixture.adminToken).body)
                #expect(!listed.contains(secret))
                #expect(listed.contains(keyBody["id"] as? String ?? "?"))
                let enrolled = try await postJSON(client, "/v1/auth/device", AuthFixture.enrollment(org: fixture.orgA, secret: secret, key: Curve25519.Signing.PrivateKey()))
                #expect(enrolled.status == .ok)
                #expect(TestJWT.payload(try decode(DeviceAuthResponse.self, enrolled).accessToken)["site_id"] as? String == siteId)
                let org = try await request(client, .get, "/v1/admin/org", token: fixture.adminToken)
                #expect(String(buffer: org.body).contains(fixture.orgA.uuidString.lowercased()))
            }
        }
    }
}
