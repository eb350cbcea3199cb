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

/// Issue 23 item 5: answers a client must be able to recover from are not final. A database error while
/// init-upload records the asset is a retryable 503, not `ASSET_EXISTS`; an upload the store has lost
/// (a lifecycle rule aborted it) makes the next init-upload open a new upload rather than hand out URLs
/// into the lost one.
@Suite("Multi-camera API: recoverable answers")
struct MulticamTransientAnswerTests {
    static var good: [String: Any] { ["cameraLabel": "A", "filename": "CAM_A_001.mp4", "contentType": "video/mp4", "sizeBytes": 6 << 20] }

    @Test("init-upload: a transient database error while recording the asset is 503 with Retry-After, not ASSET_EXISTS")
    func transientInsertErrorIs503() async throws {
        guard TestEnvironment.databaseKinds.contains("postgres") else { return }
        try await TestApp.with("postgres", extra: ["multicam_min_part_mib": "5", "multicam_max_bytes": "104857600"]) { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                let token = fixture.operatorToken
                let session = MulticamAPITests.json(try await MulticamAPITests.post(client, "/v2/sessions", ["title": "S", "date": "2026-02-03", "projectId": "p1"], token: token))
                let sid = try #require(session["id"] as? String)
                // A serialization failure (SQLSTATE 40001, what PostgreSQL answers a transaction that lost a
                // race and may simply be run again) on every insert into the assets table.
                try await services.database.sql.raw(
                    """
                    CREATE FUNCTION relay_test_serialization_failure() RETURNS trigger AS $$
                    BEGIN RAISE EXCEPTION 'simulated serialization failure' USING ERRCODE = '40001'; END $$ LANGUAGE plpgsql
                    """
                ).run()
                try await services.database.sql.raw(
                    """
                    CREATE TRIGGER relay_test_fail_assets BEFORE INSERT ON multicam_assets
                    FOR EACH ROW EXECUTE FUNCTION relay_test_serialization_failure()
                    """
                ).run()
                let path = "/v2/sessions/\(sid)/assets/init-upload"
                let failed = try await MulticamAPITests.post(client, path, Self.good, token: token)
                let envelope = try expectEnvelope(failed, status: 503, code: APIErrorCode.unavailable)
                #expect(failed.headers[.retryAfter].flatMap(Int.init) ?? 0 > 0, "Retry-After: \(String(describing: failed.headers[.retryAfter]))")
                #expect(!envelope.error.message.contains("simulated"), "no database internals in the answer: \(envelope.error.message)")
                // Once the database takes writes again, the same request opens the upload.
                try await services.database.sql.raw("DROP TRIGGER relay_test_fail_assets ON multicam_assets").run()
                let opened = try await MulticamAPITests.post(client, path, Self.good, token: token)
                #expect(opened.status == .ok || opened.status == .created, "\(String(buffer: opened.body))")
                // A real duplicate — another file for the same camera — stays ASSET_EXISTS. (The same file at
                // another size is its writer having paused: that restarts the open upload, see MulticamAPITests.)
                var other = Self.good
                other["filename"] = "CAM_A_002.mp4"
                other["sizeBytes"] = 1234
                try expectEnvelope(try await MulticamAPITests.post(client, path, other, token: token), status: 409, code: "ASSET_EXISTS")
            }
        }
    }

    @Test("an upload the store lost: the parts list says UPLOAD_NOT_FOUND, init-upload opens a new upload that completes", arguments: TestEnvironment.databaseKinds)
    func lostUploadStartsAgain(kind: String) async throws {
        try await TestApp.with(kind, extra: ["multicam_min_part_mib": "5", "multicam_max_bytes": "104857600"]) { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                let token = fixture.operatorToken
                let session = MulticamAPITests.json(try await MulticamAPITests.post(client, "/v2/sessions", ["title": "S", "date": "2026-02-03", "projectId": "p1"], token: token))
                let sid = try #require(session["id"] as? String)
                let path = "/v2/sessions/\(sid)/assets/init-upload"
                let bytes = Data((0..<(6 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7) })
                let opened = MulticamAPITests.json(try await MulticamAPITests.post(client, path, Self.good, token: token))
                let assetId = try #require(opened["assetId"] as? String)
                let uploadId = try #require(opened["uploadId"] as? String)
                let parts = try #require(opened["parts"] as? [[String: Any]])
                _ = try await MulticamAPITests.putPart(client, url: try #require(parts[0]["uploadUrl"] as? String), bytes: bytes[0..<(5 << 20)])

                // A lifecycle rule aborts the incomplete upload.
                let assetUUID = try #require(UUID(uuidString: assetId))
                let asset = try #require(try await services.multicam.repository.asset(id: assetUUID))
                try await services.blobStore.abortMultipartUpload(key: try #require(BlobKey(asset.storageKey)), uploadId: uploadId)
                try expectEnvelope(
                    try await request(client, .get, "/v2/sessions/\(sid)/assets/\(assetId)/parts", token: token), status: 404, code: "UPLOAD_NOT_FOUND")

                // The client starts again: a new upload, not URLs into the lost one.
                let reopened = MulticamAPITests.json(try await MulticamAPITests.post(client, path, Self.good, token: token))
                let newUploadId = try #require(reopened["uploadId"] as? String, "\(reopened)")
                let newAssetId = try #require(reopened["assetId"] as? String)
                #expect(newUploadId != uploadId)
                let newParts = try #require(reopened["parts"] as? [[String: Any]])
                var completed: [[String: Any]] = []
                for (index, range) in [0..<(5 << 20), (5 << 20)..<bytes.count].enumerated() {
                    let url = try #require(newParts[index]["uploadUrl"] as? String)
                    let etag = try #require(try await MulticamAPITests.putPart(client, url: url, bytes: bytes[range]))
                    completed.append(["partNumber": index + 1, "etag": etag])
                }
                let complete = try await MulticamAPITests.post(
                    client, "/v2/sessions/\(sid)/assets/\(newAssetId)/complete", ["uploadId": newUploadId, "parts": completed], token: token)
                #expect(complete.status == .ok || complete.status == .accepted, "\(String(buffer: complete.body))")
                let newAssetUUID = try #require(UUID(uuidString: newAssetId))
                let stored = try #require(try await services.multicam.repository.asset(id: newAssetUUID))
                #expect(stored.status == .ingesting && stored.version == 2, "\(stored.status) v\(stored.version)")
                let lost = try #require(try await services.multicam.repository.asset(id: asset.id))
                #expect(lost.status == .failed && lost.errorCode == "UPLOAD_NOT_FOUND", "\(lost.status) \(String(describing: lost.errorCode))")
            }
        }
    }
}
