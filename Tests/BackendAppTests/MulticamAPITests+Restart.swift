import BackendApp
import BackendCore
import Foundation
import RelayAPI
import Testing
import TestSupport

extension MulticamAPITests {
    @Test(
        "init-upload of a camera's open file at a new size (it grew: its writer had paused) restarts the upload: same asset, new upload id and plan, the old upload aborted; it completes with the new bytes",
        arguments: TestEnvironment.databaseKinds)
    func restartGrownFile(kind: String) async throws {
        try await TestApp.with(kind, extra: ["multicam_min_part_mib": "5", "multicam_max_bytes": "104857600"]) { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                let token = fixture.operatorToken
                let session = Self.json(try await Self.post(client, "/v2/sessions", ["title": "S", "date": "2026-02-03", "projectId": "p1"], token: token))
                let sid = try #require(session["id"] as? String)
                let path = "/v2/sessions/\(sid)/assets/init-upload"
                let whole = Data((0..<(11 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 13) })
                let prefix = whole.prefix(6 << 20)
                var body: [String: Any] = ["cameraLabel": "B", "filename": "C0001.MP4", "contentType": "video/mp4", "sizeBytes": prefix.count]

                // The prefix was taken: its upload is opened and a part sent.
                let first = Self.json(try await Self.post(client, path, body, token: token))
                let assetId = try #require(first["assetId"] as? String)
                let oldUpload = try #require(first["uploadId"] as? String)
                let oldParts = try #require(first["parts"] as? [[String: Any]])
                #expect(oldParts.count == 2)
                let oldURL = try #require(oldParts[0]["uploadUrl"] as? String)
                _ = try #require(try await Self.putPart(client, url: oldURL, bytes: prefix.prefix(5 << 20)))

                // The file grew: the same name at the new size.
                body["sizeBytes"] = whole.count
                let restarted = Self.json(try await Self.post(client, path, body, token: token))
                #expect(restarted["assetId"] as? String == assetId, "the camera keeps its asset")
                let newUpload = try #require(restarted["uploadId"] as? String)
                #expect(newUpload != oldUpload)
                let parts = try #require(restarted["parts"] as? [[String: Any]])
                #expect(parts.count == 3 && restarted["partCount"] as? Int == 3)
                let assetUUID = try #require(UUID(uuidString: assetId))
                let asset = try #require(try await services.multicam.repository.asset(id: assetUUID))
                #expect(asset.sizeBytes == Int64(whole.count) && asset.uploadId == newUpload && asset.status == .uploading)
                let key = try #require(BlobKey(asset.storageKey))
                await #expect(throws: (any Error).self, "the old upload is aborted") { _ = try await services.blobStore.listParts(key: key, uploadId: oldUpload) }
                #expect(try await services.blobStore.listParts(key: key, uploadId: newUpload).isEmpty, "nothing of the prefix carries over")
                // Asking again at the new size resumes the restarted upload.
                #expect(Self.json(try await Self.post(client, path, body, token: token))["uploadId"] as? String == newUpload)

                var etags: [[String: Any]] = []
                for (index, part) in parts.enumerated() {
                    let range = (index * (5 << 20))..<min(whole.count, (index + 1) * (5 << 20))
                    let url = try #require(part["uploadUrl"] as? String)
                    let etag = try #require(try await Self.putPart(client, url: url, bytes: whole[range]))
                    etags.append(["partNumber": index + 1, "etag": etag])
                }
                let done = try await Self.post(client, "/v2/sessions/\(sid)/assets/\(assetId)/complete", ["uploadId": newUpload, "parts": etags], token: token)
                #expect(done.status == .ok)
                #expect(try await services.blobStore.get(key: key) == whole)
                // Completed: the camera's file is settled; another init is refused.
                try expectEnvelope(try await Self.post(client, path, body, token: token), status: 409, code: "ASSET_EXISTS")
            }
        }
    }
}
