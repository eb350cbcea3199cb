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

/// Seed 000's upload rules through the real router on the local store (parts PUT to its signed URLs),
/// on both databases: validation, duplicates, resume, missing and wrong parts, completing twice.
@Suite("Multi-camera API")
struct MulticamAPITests {
    static func json(_ response: TestResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any] ?? [:]
    }

    static func post(_ client: some TestClientProtocol, _ uri: String, _ body: [String: Any], token: String?) async throws -> TestResponse {
        try await postJSON(client, uri, body, token: token)
    }

    /// PUTs `bytes` to a presigned local-store URL through the router; returns the ETag.
    static func putPart(_ client: some TestClientProtocol, url: String, bytes: Data) async throws -> String? {
        let range = try #require(url.range(of: "/v1/blobs/"))
        let path = String(url[range.lowerBound...])
        let response = try await client.execute(uri: path, method: .put, headers: [:], body: ByteBuffer(bytes: bytes)) { $0 }
        #expect(response.status == .ok, "\(String(buffer: response.body))")
        return response.headers[.eTag]
    }

    @Test("sessions: required fields, safe project ids, org isolation", arguments: TestEnvironment.databaseKinds)
    func sessions(kind: String) async throws {
        try await TestApp.with(kind) { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                let token = fixture.operatorToken
                let good: [String: Any] = ["title": "Sunday", "date": "2026-02-03", "projectId": "proj-abc123", "notes": "3 cameras"]
                let created = try await Self.post(client, "/v2/sessions", good, token: token)
                #expect(created.status == .created)
                let session = Self.json(created)
                #expect(session["status"] as? String == "draft" && session["projectId"] as? String == "proj-abc123")
                for (field, value) in [("title", "" as Any), ("date", "2026-02-30"), ("date", "03/02/2026"), ("projectId", "../etc"), ("projectId", "a/b")] {
                    var body = good
                    body[field] = value
                    let envelope = try expectEnvelope(try await Self.post(client, "/v2/sessions", body, token: token), status: 400, code: APIErrorCode.validation)
                    #expect(envelope.error.details["field"] == .string(field))
                }
                var missing = good
                missing["title"] = nil
                try expectEnvelope(try await Self.post(client, "/v2/sessions", missing, token: token), status: 400, code: APIErrorCode.validation)
                try expectEnvelope(try await Self.post(client, "/v2/sessions", good, token: nil), status: 401, code: APIErrorCode.unauthorized)
                let id = try #require(session["id"] as? String)
                try expectEnvelope(try await request(client, .get, "/v2/sessions/\(id)/status", token: fixture.otherAdminToken), status: 404, code: "SESSION_NOT_FOUND")
                try expectEnvelope(try await request(client, .get, "/v2/sessions/\(UUID())/assets", token: token), status: 404, code: "SESSION_NOT_FOUND")
                try expectEnvelope(try await request(client, .get, "/v2/sessions/\(id)/assets?includeDerivatives=maybe", token: token), status: 400, code: APIErrorCode.validation)
                try expectEnvelope(try await request(client, .get, "/v2/sessions/\(id)/events", token: token), status: 400, code: "WEBSOCKET_UPGRADE_REQUIRED")
                try expectEnvelope(try await request(client, .get, "/v2/sessions/\(id)/events", token: fixture.otherAdminToken), status: 404, code: "SESSION_NOT_FOUND")

                // The list: the org's sessions newest first with status and counts; never another org's.
                let second = Self.json(try await Self.post(client, "/v2/sessions", ["title": "Evening", "date": "2026-02-03", "projectId": "p2"], token: token))
                let listed = Self.json(try await request(client, .get, "/v2/sessions?limit=1", token: fixture.reviewerToken))
                let rows = listed["data"] as? [[String: Any]] ?? []
                #expect(listed["total"] as? Int == 2 && listed["has_more"] as? Bool == true && rows.count == 1)
                #expect(rows.first?["id"] as? String == second["id"] as? String && rows.first?["status"] as? String == "draft")
                #expect((rows.first?["assets"] as? [String: Any])?["total"] as? Int == 0 && rows.first?["readyForNextPhase"] as? Bool == false)
                let next = Self.json(try await request(client, .get, "/v2/sessions?limit=1&offset=1", token: token))
                #expect((next["data"] as? [[String: Any]])?.first?["id"] as? String == id && next["has_more"] as? Bool == false)
                let one = Self.json(try await request(client, .get, "/v2/sessions/\(id)", token: fixture.reviewerToken))
                #expect(one["title"] as? String == "Sunday" && one["status"] as? String == "draft" && one["assets"] != nil)
                try expectEnvelope(try await request(client, .get, "/v2/sessions/\(id)", token: fixture.otherAdminToken), status: 404, code: "SESSION_NOT_FOUND")
                let others = Self.json(try await request(client, .get, "/v2/sessions", token: fixture.otherAdminToken))
                #expect(others["total"] as? Int == 0)
                try expectEnvelope(try await request(client, .get, "/v2/sessions?limit=0", token: token), status: 400, code: APIErrorCode.validation)
                try expectEnvelope(try await request(client, .get, "/v2/sessions", token: nil), status: 401, code: APIErrorCode.unauthorized)
            }
        }
    }

    @Test("uploads: labels, sizes, types, duplicates, resume, missing and wrong parts, completing twice", arguments: TestEnvironment.databaseKinds)
    func uploads(kind: String) async throws {
        try await TestApp.with(kind, extra: ["multicam_min_part_mib": "5", "multicam_max_bytes": "104857600"]) { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                let token = fixture.operatorToken
                let session = Self.json(try await Self.post(client, "/v2/sessions", ["title": "S", "date": "2026-02-03", "projectId": "p1"], token: token))
                let sid = try #require(session["id"] as? String)
                let path = "/v2/sessions/\(sid)/assets/init-upload"
                let bytes = Data((0..<(6 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7) })
                let good: [String: Any] = ["cameraLabel": "A", "filename": "CAM_A_001.mp4", "contentType": "video/mp4", "sizeBytes": bytes.count]

                for label in ["AA", "a", "", "1"] {
                    var body = good
                    body["cameraLabel"] = label
                    try expectEnvelope(try await Self.post(client, path, body, token: token), status: 400, code: "INVALID_CAMERA_LABEL")
                }
                for (field, value) in [("sizeBytes", 0 as Any), ("sizeBytes", 200_000_000), ("contentType", "text/plain"), ("filename", "")] {
                    var body = good
                    body[field] = value
                    let envelope = try expectEnvelope(try await Self.post(client, path, body, token: token), status: 400, code: APIErrorCode.validation)
                    #expect(envelope.error.details["field"] == .string(field))
                }
                try expectEnvelope(try await Self.post(client, "/v2/sessions/\(UUID())/assets/init-upload", good, token: token), status: 404, code: "SESSION_NOT_FOUND")
                try expectEnvelope(try await Self.post(client, path, good, token: fixture.otherAdminToken), status: 404, code: "SESSION_NOT_FOUND")

                let opened = Self.json(try await Self.post(client, path, good, token: token))
                let assetId = try #require(opened["assetId"] as? String)
                let uploadId = try #require(opened["uploadId"] as? String)
                let parts = try #require(opened["parts"] as? [[String: Any]])
                #expect(parts.count == 2 && opened["partSize"] as? Int == 5 << 20)
                // Calling again for the same file resumes the same upload with fresh URLs.
                let again = Self.json(try await Self.post(client, path, good, token: token))
                #expect(again["assetId"] as? String == assetId && again["uploadId"] as? String == uploadId)
                // Another file for the camera is refused (the same file at a new size restarts the upload:
                // MulticamAPITests+Restart).
                var other = good
                other["filename"] = "CAM_A_002.mp4"
                try expectEnvelope(try await Self.post(client, path, other, token: token), status: 409, code: "ASSET_EXISTS")

                let url1 = try #require(parts[0]["uploadUrl"] as? String), url2 = try #require(parts[1]["uploadUrl"] as? String)
                let etag1 = try #require(try await Self.putPart(client, url: url1, bytes: bytes[0..<(5 << 20)]))
                let listed = Self.json(try await request(client, .get, "/v2/sessions/\(sid)/assets/\(assetId)/parts", token: token))
                #expect((listed["parts"] as? [[String: Any]])?.compactMap { $0["partNumber"] as? Int } == [1])

                let complete = "/v2/sessions/\(sid)/assets/\(assetId)/complete"
                let missing = try expectEnvelope(
                    try await Self.post(client, complete, ["uploadId": uploadId, "parts": [["partNumber": 1, "etag": etag1]]], token: token),
                    status: 400, code: "UPLOAD_FAILED")
                #expect(missing.error.details["missing"] == .array([.number(2)]))
                try expectEnvelope(
                    try await Self.post(client, complete, ["uploadId": "nope", "parts": [["partNumber": 1, "etag": etag1]]], token: token),
                    status: 400, code: "UPLOAD_FAILED")
                let etag2 = try #require(try await Self.putPart(client, url: url2, bytes: bytes[(5 << 20)...]))
                try expectEnvelope(
                    try await Self.post(client, complete, ["uploadId": uploadId, "parts": [["partNumber": 1, "etag": etag1], ["partNumber": 2, "etag": "0000"]]], token: token),
                    status: 400, code: "UPLOAD_FAILED")
                // Nothing half-written: still uploading, no object, no job.
                let assetUUID = try #require(UUID(uuidString: assetId))
                let stillOpen = try #require(try await services.multicam.repository.asset(id: assetUUID))
                #expect(stillOpen.status == .uploading)
                let originalKey = try #require(BlobKey(stillOpen.storageKey))
                #expect(try await services.blobStore.head(key: originalKey) == nil)
                #expect(try await services.jobQueue.counts().values.reduce(0, +) == 0)

                let done = try await Self.post(client, complete, ["uploadId": uploadId, "parts": [["partNumber": 2, "etag": etag2], ["partNumber": 1, "etag": etag1]]], token: token)
                #expect(done.status == .ok)
                #expect(Self.json(done)["status"] as? String == "ingesting")
                #expect(stillOpen.storageKey.hasSuffix("/p1/20260203/originals/angle-001_v001_\(assetId).mp4"), "\(stillOpen.storageKey)")
                #expect(try await services.blobStore.get(key: originalKey) == bytes)
                try expectEnvelope(
                    try await Self.post(client, complete, ["uploadId": uploadId, "parts": [["partNumber": 1, "etag": etag1], ["partNumber": 2, "etag": etag2]]], token: token),
                    status: 409, code: "UPLOAD_COMPLETED")
                try expectEnvelope(try await Self.post(client, path, good, token: token), status: 409, code: "ASSET_EXISTS")
                try expectEnvelope(try await request(client, .get, "/v2/sessions/\(sid)/assets/\(assetId)/parts", token: token), status: 409, code: "UPLOAD_COMPLETED")
                try expectEnvelope(try await request(client, .get, "/v2/sessions/\(sid)/assets/\(UUID())/parts", token: token), status: 404, code: "ASSET_NOT_FOUND")
                let status = Self.json(try await request(client, .get, "/v2/sessions/\(sid)/status", token: token))
                #expect(status["status"] as? String == "ingesting")
            }
        }
    }

    static func asset(_ session: UUID, org: UUID, camera: String, status: AssetRecord.Status, audio: Bool) -> AssetRecord {
        AssetRecord(
            sessionId: session, orgId: org, cameraLabel: camera, version: 1, fileName: "\(camera).mp4", contentType: "video/mp4",
            sizeBytes: 10, storageKey: "k/\(camera)", uploadId: "u", partSize: 5 << 20, partCount: 1, uploadExpiresAt: Date(),
            status: status, issues: audio ? [] : ["MISSING_AUDIO_TRACK"],
            metadata: AssetMetadata(durationMs: 60000, fps: 30, resolution: "640x360", codec: "h264", hasAudio: audio, audioCodec: audio ? "aac" : nil, variableFrameRate: false),
            derivatives: audio ? [AssetDerivative(kind: "audio-wav", key: "k/\(camera).wav", sizeBytes: 10, contentType: "audio/wav")] : [])
    }

    @Test("sync compute: assets still ingesting 409, a silent camera 400, a running sync 409, nothing to read or approve yet", arguments: TestEnvironment.databaseKinds)
    func syncRules(kind: String) async throws {
        try await TestApp.with(kind) { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                let token = fixture.operatorToken
                var ids: [UUID] = []
                for title in ["one", "two"] {
                    let created = Self.json(try await Self.post(client, "/v2/sessions", ["title": title, "date": "2026-02-03", "projectId": "p"], token: token))
                    ids.append(try #require(UUID(uuidString: created["id"] as? String ?? "")))
                }
                let repo = services.multicam.repository
                try await repo.insertAsset(Self.asset(ids[0], org: fixture.orgA, camera: "A", status: .ready, audio: true))
                try await repo.insertAsset(Self.asset(ids[0], org: fixture.orgA, camera: "B", status: .ready, audio: false))
                let busy = Self.asset(ids[0], org: fixture.orgA, camera: "C", status: .ingesting, audio: true)
                try await repo.insertAsset(busy)
                let compute = "/v2/sessions/\(ids[0])/sync/compute"
                try expectEnvelope(try await Self.post(client, compute, ["masterCamera": "A"], token: token), status: 409, code: "ASSETS_NOT_READY")
                _ = try await repo.markFailed(id: busy.id, code: "INGESTION_FAILED", message: "x")
                let silent = try expectEnvelope(try await Self.post(client, compute, ["masterCamera": "A"], token: token), status: 400, code: "MISSING_AUDIO_TRACK")
                #expect(silent.error.details["camera"] == .string("B"))
                try expectEnvelope(try await Self.post(client, compute, ["masterCamera": "A"], token: fixture.otherAdminToken), status: 404, code: "SESSION_NOT_FOUND")

                for camera in ["A", "B"] { try await repo.insertAsset(Self.asset(ids[1], org: fixture.orgA, camera: camera, status: .ready, audio: true)) }
                let second = "/v2/sessions/\(ids[1])/sync"
                let started = try await Self.post(client, second + "/compute", ["masterCamera": "B"], token: token)
                #expect(started.status == .accepted)
                #expect(Self.json(started)["status"] as? String == "syncing")
                try expectEnvelope(try await Self.post(client, second + "/compute", ["masterCamera": "A"], token: token), status: 409, code: "SYNC_IN_PROGRESS")
                let status = Self.json(try await request(client, .get, "/v2/sessions/\(ids[1])/status", token: token))
                #expect(status["status"] as? String == "syncing")
                try expectEnvelope(try await request(client, .get, second, token: token), status: 404, code: "SYNC_NOT_FOUND")
                try expectEnvelope(try await Self.post(client, second + "/approve", [:], token: token), status: 404, code: "SYNC_NOT_FOUND")
                #expect(try await services.jobQueue.counts()[.queued] == 1, "one sync job, not two")
            }
        }
    }
}
