import BackendApp
import BackendCore
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import RelayAPI
import Testing
import TestSupport

/// Seed 001's sessions, presign and events through the real router, on both databases.
@Suite("Capture API")
struct CaptureAPITests {
    static let vin = "1HGCM82633A123456"

    static func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
    }

    static func patch(_ client: some TestClientProtocol, _ uri: String, _ body: [String: Any], token: String) async throws -> TestResponse {
        let data = try JSONSerialization.data(withJSONObject: body)
        return try await client.execute(
            uri: uri, method: .patch, headers: [.contentType: "application/json", .authorization: "Bearer \(token)"],
            body: ByteBuffer(bytes: data)) { $0 }
    }

    static func studioSession(_ client: some TestClientProtocol, _ fixture: AuthFixture, token: String, frames: Int = 24, stock: String = "STK-001") async throws -> [String: Any] {
        let response = try await postJSON(client, "/v1/sessions", [
            "site_id": fixture.siteA.uuidString, "vehicle": ["vin": vin, "stock": stock], "mode": "studio360",
            "shot_list": ["studio360": ["frame_count": frames], "stills": ["front_3q", "rear_3q", "interior"]],
        ], token: token)
        #expect(response.status == .created)
        return try json(response)
    }

    @Test("sessions: create (device and user), vehicle upsert, validation, site access", arguments: TestEnvironment.databaseKinds)
    func createSessions(kind: String) async throws {
        try await TestApp.with(kind) { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                let first = try await Self.studioSession(client, fixture, token: fixture.deviceToken)
                #expect(first["status"] as? String == "active")
                #expect(first["mode"] as? String == "studio360")
                #expect(first["org_id"] as? String == fixture.orgA.uuidString.lowercased())
                let second = try await Self.studioSession(client, fixture, token: fixture.operatorToken)
                #expect(second["vehicle_id"] as? String == first["vehicle_id"] as? String, "same VIN, same vehicle")

                let detail = try Self.json(try await request(client, .get, "/v1/sessions/\(first["id"] as? String ?? "")", token: fixture.operatorToken))
                #expect((detail["vehicle"] as? [String: Any])?["vin"] as? String == Self.vin)
                #expect((detail["device"] as? [String: Any])?["model"] as? String == "Studio Box")

                let bad: [([String: Any], String)] = [
                    (["site_id": fixture.siteA.uuidString, "vehicle": [:] as [String: Any], "mode": "stills"], "vehicle"),
                    (["site_id": fixture.siteA.uuidString, "vehicle": ["vin": "SHORT"], "mode": "stills"], "vehicle.vin"),
                    (["site_id": fixture.siteA.uuidString, "vehicle": ["stock": "S1"], "mode": "drone"], "mode"),
                    (["site_id": fixture.siteA.uuidString, "vehicle": ["stock": "S1"], "mode": "studio360"], "shot_list.studio360"),
                    (["site_id": fixture.siteA.uuidString, "vehicle": ["stock": "S1"], "mode": "studio360", "shot_list": ["studio360": ["frame_count": 0]]], "shot_list.studio360"),
                    (["site_id": "nope", "vehicle": ["stock": "S1"], "mode": "stills"], "site_id"),
                    (["vehicle": ["stock": "S1"], "mode": "stills"], "site_id"),
                ]
                for (body, field) in bad {
                    let response = try await postJSON(client, "/v1/sessions", body, token: fixture.operatorToken)
                    #expect(response.status == .badRequest, "\(field)")
                    #expect((try? decode(ErrorEnvelope.self, response))?.error.details["field"] == .string(field), "\(field)")
                }
                // Another org's site: 404. A site the operator is not scoped to: 403.
                let foreignSite = try await services.auth.admin.createSite(orgId: fixture.orgB, name: "B Site")
                let foreign = try await postJSON(client, "/v1/sessions", ["site_id": foreignSite.id.uuidString, "vehicle": ["stock": "S1"], "mode": "stills"], token: fixture.operatorToken)
                #expect(foreign.status == .notFound)
                let annex = try await services.auth.admin.createSite(orgId: fixture.orgA, name: "Annex")
                let unscoped = try await postJSON(client, "/v1/sessions", ["site_id": annex.id.uuidString, "vehicle": ["stock": "S1"], "mode": "stills"], token: fixture.operatorToken)
                #expect(unscoped.status == .forbidden)
                #expect(try await postJSON(client, "/v1/sessions", ["site_id": annex.id.uuidString, "vehicle": ["stock": "S1"], "mode": "stills"], token: fixture.adminToken).status == .created)
                // Another org cannot read it.
                #expect(try await request(client, .get, "/v1/sessions/\(first["id"] as? String ?? "")", token: fixture.otherAdminToken).status == .notFound)
            }
        }
    }

    @Test("sessions: list filters, pagination, scope; status transitions", arguments: TestEnvironment.databaseKinds)
    func listAndTransitions(kind: String) async throws {
        try await TestApp.with(kind) { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                var ids: [String] = []
                for n in 0..<3 { ids.append(try await Self.studioSession(client, fixture, token: fixture.operatorToken, stock: "STK-\(n)")["id"] as? String ?? "") }
                let annex = try await services.auth.admin.createSite(orgId: fixture.orgA, name: "Annex")
                _ = try await postJSON(client, "/v1/sessions", ["site_id": annex.id.uuidString, "vehicle": ["stock": "ANNEX-1"], "mode": "stills"], token: fixture.adminToken)

                let all = try Self.json(try await request(client, .get, "/v1/sessions?limit=2", token: fixture.adminToken))
                #expect(all["total"] as? Int == 4)
                #expect((all["data"] as? [Any])?.count == 2)
                #expect(all["has_more"] as? Bool == true)
                let rest = try Self.json(try await request(client, .get, "/v1/sessions?limit=2&offset=2", token: fixture.adminToken))
                #expect(rest["has_more"] as? Bool == false)
                let row = try #require((all["data"] as? [[String: Any]])?.first)
                #expect(row["site"] != nil && row["vehicle"] != nil && row["image_count"] as? Int == 0)
                // The operator is scoped to site A: the annex session is invisible.
                #expect(try Self.json(try await request(client, .get, "/v1/sessions", token: fixture.operatorToken))["total"] as? Int == 3)
                #expect(try Self.json(try await request(client, .get, "/v1/sessions?site_id=\(annex.id.uuidString)", token: fixture.adminToken))["total"] as? Int == 1)
                #expect(try await request(client, .get, "/v1/sessions?limit=500", token: fixture.adminToken).status == .badRequest)
                #expect(try await request(client, .get, "/v1/sessions?status=bogus", token: fixture.adminToken).status == .badRequest)
                #expect(try await request(client, .get, "/v1/sessions", token: fixture.deviceToken).status == .forbidden)
                #expect(try Self.json(try await request(client, .get, "/v1/sessions", token: fixture.otherAdminToken))["total"] as? Int == 0)

                let done = try await Self.patch(client, "/v1/sessions/\(ids[0])", ["status": "complete"], token: fixture.operatorToken)
                #expect(done.status == .ok)
                #expect(try Self.json(done)["completed_at"] is String)
                let again = try await Self.patch(client, "/v1/sessions/\(ids[0])", ["status": "abandoned"], token: fixture.operatorToken)
                #expect(again.status == .conflict)
                #expect(errorCode(again) == "INVALID_STATUS_TRANSITION")
                #expect(try await Self.patch(client, "/v1/sessions/\(ids[1])", ["status": "active"], token: fixture.operatorToken).status == .badRequest)
                #expect(try Self.json(try await request(client, .get, "/v1/sessions?status=complete", token: fixture.adminToken))["total"] as? Int == 1)
            }
        }
    }

    @Test("presign: bad inputs are refused and store nothing; a good request creates a pending image", arguments: TestEnvironment.databaseKinds)
    func presign(kind: String) async throws {
        try await TestApp.with(kind) { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                let session = try await Self.studioSession(client, fixture, token: fixture.deviceToken, frames: 24)
                let sessionId = session["id"] as? String ?? ""
                let sha = SecretToken.hex(SHA256.hash(data: Data("photo".utf8)))
                func body(_ changes: [String: Any]) -> [String: Any] {
                    ["session_id": sessionId, "file_name": "IMG_001.jpg", "content_type": "image/jpeg", "content_sha256": sha].merging(changes) { $1 }
                }
                let refused: [([String: Any], Int, APIErrorCode)] = [
                    (body(["content_type": "image/png"]), 400, "UNSUPPORTED_CONTENT_TYPE"),
                    (body(["content_sha256": "abc"]), 400, APIErrorCode.validation),
                    (body(["angle_deg": 20]), 400, APIErrorCode.validation),
                    (body(["angle_deg": 360]), 400, APIErrorCode.validation),
                    (body(["shot_name": "roof"]), 400, APIErrorCode.validation),
                    (body(["file_name": ""]), 400, APIErrorCode.validation),
                    (body(["session_id": UUID().uuidString]), 404, "SESSION_NOT_FOUND"),
                ]
                for (payload, status, code) in refused {
                    let response = try await postJSON(client, "/v1/presign", payload, token: fixture.deviceToken)
                    #expect(Int(response.status.code) == status, "\(payload)")
                    #expect(errorCode(response) == code, "\(payload)")
                }
                var missingSha = body([:])
                missingSha["content_sha256"] = nil
                #expect(try await postJSON(client, "/v1/presign", missingSha, token: fixture.deviceToken).status == .badRequest)
                #expect(try await postJSON(client, "/v1/presign", body([:]), token: fixture.otherAdminToken).status == .notFound)
                #expect(try await services.capture.repository.images(sessionId: UUID(uuidString: sessionId)!, status: nil).isEmpty)

                let ok = try await postJSON(client, "/v1/presign", body(["angle_deg": 15, "file_name": "../../etc/passwd.jpg"]), token: fixture.deviceToken)
                #expect(ok.status == .ok)
                let presigned = try decode(PresignResponse.self, ok)
                #expect(presigned.storageKey.hasPrefix("org/\(fixture.orgA.uuidString.lowercased())/site/\(fixture.siteA.uuidString.lowercased())/session/\(sessionId)/"))
                #expect(presigned.storageKey.hasSuffix("\(presigned.imageId).jpg"))
                #expect(!presigned.storageKey.contains(".."))
                #expect(presigned.headers["Content-Type"] == "image/jpeg")
                #expect(presigned.headers["x-amz-content-sha256"] == sha)
                let lifetime = presigned.expiresAt.timeIntervalSinceNow
                #expect(lifetime > 850 && lifetime <= 901)
                let image = try #require(try await services.capture.repository.image(id: UUID(uuidString: presigned.imageId)!))
                #expect(image.status == .pending)
                #expect(image.angleDeg == 15)
                #expect(image.fileName == "../../etc/passwd.jpg")

                _ = try await Self.patch(client, "/v1/sessions/\(sessionId)", ["status": "abandoned"], token: fixture.operatorToken)
                let closed = try await postJSON(client, "/v1/presign", body([:]), token: fixture.deviceToken)
                #expect(closed.status == .conflict)
            }
        }
    }

    @Test("events: single and batch; one bad event rejects the whole batch; upload_complete needs the object", arguments: TestEnvironment.databaseKinds)
    func events(kind: String) async throws {
        try await TestApp.with(kind) { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                let session = try await Self.studioSession(client, fixture, token: fixture.deviceToken)
                let sessionId = session["id"] as? String ?? ""
                let single = try await postJSON(client, "/v1/events", ["entity_type": "session", "entity_id": sessionId, "type": "upload_started", "meta": ["n": 1]], token: fixture.deviceToken)
                #expect(single.status == .created)
                #expect(try Self.json(single)["accepted"] as? Int == 1)
                let batch = try await postJSON(client, "/v1/events", ["events": [
                    ["entity_type": "session", "entity_id": sessionId, "type": "qc_failed", "message": "blurry at 45°"],
                    ["entity_type": "device", "entity_id": fixture.deviceId, "type": "upload_failed"],
                ]], token: fixture.deviceToken)
                #expect(try Self.json(batch)["accepted"] as? Int == 2)

                let badBatches: [[String: Any]] = [
                    ["events": [["entity_type": "session", "entity_id": sessionId, "type": "upload_started"], ["entity_type": "car", "entity_id": sessionId, "type": "upload_started"]]],
                    ["events": [["entity_type": "session", "entity_id": sessionId, "type": "upload_started"], ["entity_type": "session", "entity_id": sessionId, "type": "exploded"]]],
                    ["events": [["entity_type": "session", "entity_id": sessionId, "type": "upload_started"], ["entity_type": "session", "entity_id": "x", "type": "upload_started"]]],
                    ["events": Array(repeating: ["entity_type": "session", "entity_id": sessionId, "type": "upload_started"], count: 101)],
                    ["events": [] as [Any]],
                ]
                for bad in badBatches {
                    #expect(try await postJSON(client, "/v1/events", bad, token: fixture.deviceToken).status == .badRequest)
                }
                // Another org's entity in a batch: 404, nothing stored.
                let foreign = try await postJSON(client, "/v1/events", ["events": [["entity_type": "session", "entity_id": sessionId, "type": "upload_started"]]], token: fixture.otherAdminToken)
                #expect(foreign.status == .notFound)

                let log = try Self.json(try await request(client, .get, "/v1/events?entity_id=\(sessionId)", token: fixture.reviewerToken))
                let entries = try #require(log["data"] as? [[String: Any]])
                #expect(entries.map { $0["type"] as? String } == ["upload_started", "qc_failed"])
                #expect((entries.first?["actor"] as? [String: Any])?["type"] as? String == "device")
                #expect(try await request(client, .get, "/v1/events?entity_id=\(sessionId)", token: fixture.operatorToken).status == .forbidden)
                // A reviewer scoped to another site of the org does not see this site's log.
                let annex = try await services.auth.admin.createSite(orgId: fixture.orgA, name: "Annex")
                _ = try await services.auth.admin.createUser(orgId: fixture.orgA, email: "annex-rev@example.com", name: "AR", role: "reviewer", siteIds: [annex.id], password: AuthFixture.password)
                let annexReviewer = try await services.auth.login(LoginRequest(email: "annex-rev@example.com", password: AuthFixture.password)).accessToken
                #expect(try await request(client, .get, "/v1/events?entity_id=\(sessionId)", token: annexReviewer).status == .notFound)
                #expect(try await request(client, .get, "/v1/events?entity_id=\(sessionId)", token: fixture.otherAdminToken).status == .notFound)

                // upload_complete for an image whose bytes never arrived: refused, image stays pending.
                let sha = SecretToken.hex(SHA256.hash(data: Data("x".utf8)))
                let presigned = try decode(PresignResponse.self, try await postJSON(client, "/v1/presign", ["session_id": sessionId, "file_name": "a.jpg", "content_type": "image/jpeg", "content_sha256": sha], token: fixture.deviceToken))
                let early = try await postJSON(client, "/v1/events", ["entity_type": "image", "entity_id": presigned.imageId, "type": "upload_complete"], token: fixture.deviceToken)
                #expect(early.status == .conflict)
                #expect(errorCode(early) == "UPLOAD_NOT_FOUND")
                #expect(try await services.capture.repository.image(id: UUID(uuidString: presigned.imageId)!)?.status == .pending)
            }
        }
    }
}
