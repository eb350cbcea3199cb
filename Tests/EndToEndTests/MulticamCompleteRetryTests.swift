import BackendApp
import BackendCore
import Foundation
import Testing
import TestSupport

/// A recording's complete whose answer was lost — the store assembled the object, then the API process
/// died or the database went away before the asset was marked — is retried by the client (the chaos
/// run found it answered 400 UPLOAD_FAILED "aborted"). The retry carries on: one ingest job, the asset
/// ingesting; a further retry is 409 UPLOAD_COMPLETED and queues nothing.
@Suite("Multi-camera complete: a retry after a lost answer", .serialized)
struct MulticamCompleteRetryTests {
    @Test("the store already assembled the object: the retried complete answers 200 and queues exactly one ingest", arguments: MulticamEndToEndTests.stores)
    func retriedComplete(store: String) async throws {
        let folder = try TestEnvironment.temporaryDirectory("relay-complete-retry")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("CAM_A.mp4")
        try Data((0..<(7 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }).write(to: file)
        try await MulticamEndToEndTests.withWorld(store) { world in
            let session = try await world.client.createSession()
            let (asset, uploadId, parts) = try await world.client.uploadParts(session: session, camera: "A", file: file)
            #expect(parts.count == 2)
            let assetUUID = try #require(UUID(uuidString: asset))
            let record = try #require(try await world.services.multicam.repository.asset(id: assetUUID))
            let jobsBefore = try await world.services.jobQueue.counts().values.reduce(0, +)

            // What the dying process did: the store assembles the object; nothing is recorded.
            let completed = parts.compactMap { part -> CompletedPart? in
                guard let number = part["partNumber"] as? Int, let etag = part["etag"] as? String else { return nil }
                return CompletedPart(partNumber: number, etag: etag)
            }
            let key = try #require(BlobKey(record.storageKey))
            _ = try await world.services.blobStore.completeMultipartUpload(key: key, uploadId: uploadId, parts: completed)

            let retried = try await world.client.complete(session: session, asset: asset, uploadId: uploadId, parts: parts)
            #expect(retried.status == 200, "\(retried.object)")
            let after = try #require(try await world.services.multicam.repository.asset(id: assetUUID))
            #expect(after.status != .uploading && after.ingestionJobId != nil, "\(after.status)")
            #expect(after.sizeBytes == 7 << 20)
            #expect(try await world.services.jobQueue.counts().values.reduce(0, +) == jobsBefore + 1, "exactly one ingest job queued")

            let again = try await world.client.complete(session: session, asset: asset, uploadId: uploadId, parts: parts)
            #expect(again.status == 409 && (again.object["error"] as? [String: Any])?["code"] as? String == "UPLOAD_COMPLETED", "\(again.object)")
            #expect(try await world.services.jobQueue.counts().values.reduce(0, +) == jobsBefore + 1, "nothing more queued")
        }
    }
}
