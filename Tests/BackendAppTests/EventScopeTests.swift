import BackendApp
import BackendCore
import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import RelayAPI
import Testing
import TestSupport

/// `POST /v1/events` names an entity; the caller must be able to act on it: same org (else 404, as for an
/// unknown id) and same site (else 403), a device speaks only for itself, and review actions (`published`)
/// are for reviewers and admins. A refused event refuses its whole batch.
@Suite("Event scope")
struct EventScopeTests {
    /// Org A's two sites with a device and a session (with one image) on each.
    struct TwoSites {
        let fixture: AuthFixture
        let siteB: UUID
        let deviceB: String
        let deviceBToken: String
        let sessionA: String
        let sessionB: String
        let imageA: String
        let imageB: String
    }

    static func twoSites(_ services: AppServices, _ client: some TestClientProtocol) async throws -> TwoSites {
        let fixture = try await AuthFixture.make(services, client)
        let siteB = try await services.auth.admin.createSite(orgId: fixture.orgA, name: "Annex")
        let (_, secret) = try await services.auth.admin.createEnrollmentKey(orgId: fixture.orgA, siteId: siteB.id, uses: 1, expiresIn: 3600)
        let enrolled = try await postJSON(
            client, "/v1/auth/device", AuthFixture.enrollment(org: fixture.orgA, secret: secret, key: Curve25519.Signing.PrivateKey()))
        let deviceB = try decode(DeviceAuthResponse.self, enrolled)
        let sessionA = try await session(client, site: fixture.siteA, token: fixture.deviceToken)
        let sessionB = try await session(client, site: siteB.id, token: deviceB.accessToken)
        return TwoSites(
            fixture: fixture, siteB: siteB.id, deviceB: deviceB.deviceId, deviceBToken: deviceB.accessToken, sessionA: sessionA,
            sessionB: sessionB, imageA: try await image(client, session: sessionA, token: fixture.deviceToken),
            imageB: try await image(client, session: sessionB, token: deviceB.accessToken))
    }

    static func session(_ client: some TestClientProtocol, site: UUID, token: String) async throws -> String {
        let response = try await postJSON(client, "/v1/sessions", [
            "site_id": site.uuidString, "vehicle": ["stock": "STK-\(UUID().uuidString.prefix(6))"], "mode": "stills",
        ], token: token)
        #expect(response.status == .created)
        return try #require(try CaptureAPITests.json(response)["id"] as? String)
    }

    static func image(_ client: some TestClientProtocol, session: String, token: String) async throws -> String {
        let sha = SecretToken.hex(SHA256.hash(data: Data(session.utf8)))
        let response = try await postJSON(client, "/v1/presign", [
            "session_id": session, "file_name": "a.jpg", "content_type": "image/jpeg", "content_sha256": sha,
        ], token: token)
        return try decode(PresignResponse.self, response).imageId
    }

    static func post(_ client: some TestClientProtocol, _ events: [(String, String, String)], token: String) async throws -> TestResponse {
        try await postJSON(client, "/v1/events", ["events": events.map { ["entity_type": $0.0, "entity_id": $0.1, "type": $0.2] }], token: token)
    }

    static func log(_ client: some TestClientProtocol, _ entity: String, token: String) async throws -> [String] {
        let response = try await request(client, .get, "/v1/events?entity_id=\(entity)", token: token)
        #expect(response.status == .ok)
        return (try CaptureAPITests.json(response)["data"] as? [[String: Any]] ?? []).compactMap { $0["type"] as? String }
    }

    @Test("a site's device or user cannot post events about another site's sessions, images or devices", arguments: TestEnvironment.databaseKinds)
    func siteScope(kind: String) async throws {
        try await TestApp.with(kind) { services, router in
            try await TestApp.application(router).test(.router) { client in
                let world = try await Self.twoSites(services, client)
                let fixture = world.fixture
                let refused: [(String, (String, String, String), String)] = [
                    (fixture.deviceToken, ("session", world.sessionB, "upload_failed"), "device A → session of site B"),
                    (fixture.deviceToken, ("image", world.imageB, "qc_failed"), "device A → image of site B"),
                    (fixture.deviceToken, ("device", world.deviceB, "heartbeat"), "device A → device of site B"),
                    (world.deviceBToken, ("image", world.imageA, "upload_failed"), "device B → image of site A"),
                    (fixture.operatorToken, ("session", world.sessionB, "upload_started"), "site-A operator → session of site B"),
                    (fixture.operatorToken, ("device", world.deviceB, "upload_failed"), "site-A operator → device of site B"),
                ]
                for (token, event, why) in refused {
                    let response = try await Self.post(client, [event], token: token)
                    #expect(response.status == .forbidden, "\(why)")
                    #expect(errorCode(response) == APIErrorCode.forbidden, "\(why)")
                }
                // One refused event refuses the batch: the allowed one beside it is not stored either.
                try expectEnvelope(
                    try await Self.post(client, [("session", world.sessionA, "upload_started"), ("session", world.sessionB, "upload_started")], token: fixture.deviceToken),
                    status: 403, code: APIErrorCode.forbidden)
                for entity in [world.sessionA, world.sessionB, world.imageA, world.imageB, world.deviceB] {
                    #expect(try await Self.log(client, entity, token: fixture.reviewerToken).isEmpty, "nothing stored for \(entity)")
                }
                // Another org's ids answer like unknown ones.
                try expectEnvelope(try await Self.post(client, [("image", world.imageB, "qc_failed")], token: fixture.otherAdminToken), status: 404, code: APIErrorCode.notFound)

                // Each site's callers still post about their own site; org-wide users about any site.
                #expect(try await Self.post(client, [("image", world.imageB, "qc_failed"), ("session", world.sessionB, "upload_started"), ("device", world.deviceB, "heartbeat")], token: world.deviceBToken).status == .created)
                #expect(try await Self.post(client, [("image", world.imageA, "upload_failed"), ("device", fixture.deviceId, "heartbeat")], token: fixture.deviceToken).status == .created)
                #expect(try await Self.post(client, [("session", world.sessionB, "upload_failed")], token: fixture.adminToken).status == .created)
                #expect(try await Self.log(client, world.sessionB, token: fixture.reviewerToken) == ["upload_started", "upload_failed"])
            }
        }
    }

    @Test("a device speaks only for itself among devices, even on its own site", arguments: TestEnvironment.databaseKinds)
    func deviceSelf(kind: String) async throws {
        try await TestApp.with(kind) { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                let sibling = try decode(
                    DeviceAuthResponse.self,
                    try await postJSON(client, "/v1/auth/device", AuthFixture.enrollment(org: fixture.orgA, secret: fixture.enrollmentSecret, key: Curve25519.Signing.PrivateKey())))
                try expectEnvelope(
                    try await Self.post(client, [("device", sibling.deviceId, "heartbeat")], token: fixture.deviceToken), status: 403, code: APIErrorCode.forbidden)
                #expect(try await Self.log(client, sibling.deviceId, token: fixture.reviewerToken).isEmpty)
                #expect(try await Self.post(client, [("device", sibling.deviceId, "heartbeat")], token: sibling.accessToken).status == .created)
            }
        }
    }

    @Test("published is a review action: reviewers and admins only, within their sites", arguments: TestEnvironment.databaseKinds)
    func reviewActions(kind: String) async throws {
        try await TestApp.with(kind) { services, router in
            try await TestApp.application(router).test(.router) { client in
                let world = try await Self.twoSites(services, client)
                let fixture = world.fixture
                _ = try await services.auth.admin.createUser(
                    orgId: fixture.orgA, email: "site-a-reviewer@example.com", name: "R", role: "reviewer", siteIds: [fixture.siteA], password: AuthFixture.password)
                let siteAReviewer = try await services.auth.login(LoginRequest(email: "site-a-reviewer@example.com", password: AuthFixture.password)).accessToken

                for (token, image, code, why) in [
                    (fixture.deviceToken, world.imageA, APIErrorCode.forbidden, "a device, own site"),
                    (world.deviceBToken, world.imageB, APIErrorCode.forbidden, "a device, own site"),
                    (fixture.operatorToken, world.imageA, APIErrorCode.forbidden, "an operator, own site"),
                    (siteAReviewer, world.imageB, APIErrorCode.forbidden, "a reviewer of another site"),
                ] {
                    let response = try await Self.post(client, [("image", image, "published")], token: token)
                    #expect(response.status == .forbidden, "\(why)")
                    #expect(errorCode(response) == code, "\(why)")
                }
                #expect(try await Self.log(client, world.imageA, token: fixture.reviewerToken).isEmpty)
                #expect(try await Self.log(client, world.imageB, token: fixture.reviewerToken).isEmpty, "no publish nobody made")

                #expect(try await Self.post(client, [("image", world.imageA, "published")], token: siteAReviewer).status == .created)
                #expect(try await Self.post(client, [("image", world.imageB, "published")], token: fixture.reviewerToken).status == .created)
                #expect(try await Self.post(client, [("image", world.imageB, "published")], token: fixture.adminToken).status == .created)
                #expect(try await Self.log(client, world.imageB, token: fixture.reviewerToken) == ["published", "published"])
            }
        }
    }
}
