import BackendApp
import BackendCore
import Foundation
import HummingbirdTesting
import RelayAPI
import Testing
import TestSupport

/// Internals stay on the server: a failed job's error as clients read it (a record's reason, a WebSocket
/// event) names no scratch path, store or Foundation error, while the log keeps the detail.
@Suite("Client-facing reasons", .serialized, .timeLimit(.minutes(3)))
struct ClientFacingReasonTests {
    /// What must never reach a client from a job or check that ran in `dataDir`.
    static func leaks(_ text: String, dataDir: String) -> [String] {
        [dataDir, "/work/", "/tmp/", "Error Domain", "NSCocoaErrorDomain", "NSFilePath"].filter { text.contains($0) }
    }

    @Test("a video whose processing fails on a Foundation file error stores a reason without paths; the log has them")
    func videoFailure() async throws {
        let recorder = LogRecorder()
        // An "ffmpeg" that succeeds without writing anything: reading its playlist fails with a Cocoa error
        // naming the scratch folder.
        try await MediaJobHarness.withClip { _, clip in
            try await TestApp.with("sqlite", extra: ["ffmpeg_path": "/bin/true"]) { services, _ in
                let (video, _) = try await MediaJobHarness.processVideo(services, clip, lastAttempt: true, logger: recorder.logger())
                #expect(video.state == .failed)
                let reason = try #require(video.failureReason)
                #expect(Self.leaks(reason, dataDir: services.configuration.dataDir).isEmpty, "\(reason)")
                #expect(reason.hasPrefix("processing failed after 4 attempts"), "\(reason)")
                #expect(recorder.all.contains { $0.contains("video processing failed") && $0.contains("src.m3u8") }, "\(recorder.all)")
            }
        }
    }

    @Test("a camera file whose ingestion fails on a Foundation file error: the asset's error and its event name no path")
    func assetFailure() async throws {
        let recorder = LogRecorder()
        try await MediaJobHarness.withClip { _, clip in
            try await TestApp.with("sqlite", extra: ["ffmpeg_path": "/bin/true"]) { services, _ in
                let (asset, _, events) = try await MediaJobHarness.ingestAsset(services, clip, lastAttempt: true, logger: recorder.logger())
                #expect(asset.status == .failed && asset.errorCode == "INGESTION_FAILED")
                let message = try #require(asset.errorMessage)
                #expect(Self.leaks(message, dataDir: services.configuration.dataDir).isEmpty, "\(message)")
                let failed = try #require(events.last { $0.contains("asset.failed") })
                #expect(Self.leaks(failed, dataDir: services.configuration.dataDir).isEmpty, "\(failed)")
                #expect(recorder.all.contains { $0.contains("asset ingestion failed") && $0.contains("proxy.mp4") }, "\(recorder.all)")
            }
        }
    }

    @Test("a sync whose audio cannot be decoded stores and sends a reason without the scratch path")
    func syncFailure() async throws {
        let recorder = LogRecorder()
        try await TestApp.with("sqlite") { services, _ in
            let identity = try await MediaJobHarness.identity(services)
            let session = MulticamSessionRecord(
                orgId: identity.orgId, title: "Sync", date: "2026-03-01", location: nil, notes: nil, projectId: "p", createdBy: identity.subject)
            try await services.multicam.repository.insertSession(session)
            for camera in ["A", "B"] {
                let key = BlobKey(segments: "orgs", identity.orgId.uuidString.lowercased(), "test", "\(camera).wav")
                try await services.blobStore.put(key: key, data: Data(repeating: 0x5A, count: 4096), contentType: "audio/wav")
                try await services.multicam.repository.insertAsset(
                    AssetRecord(
                        sessionId: session.id, orgId: identity.orgId, cameraLabel: camera, version: 1, fileName: "\(camera).mp4",
                        contentType: "video/mp4", sizeBytes: 1, storageKey: "k/\(camera)", uploadId: "u", partSize: 5 << 20, partCount: 1,
                        uploadExpiresAt: Date(), status: .ready,
                        derivatives: [AssetDerivative(kind: "audio-wav", key: key.rawValue, sizeBytes: 4096, contentType: "audio/wav")]))
            }
            #expect(try await services.multicam.syncRepository.start(sessionId: session.id, masterCamera: "A", method: "xcorr", jobId: "sync-1"))
            let job = Job(
                id: "sync-1", kind: MulticamService.syncJobKind, payload: #"{"session_id":""# + session.id.uuidString.lowercased() + #""}"#,
                state: .running, priority: 100, attempts: 1, maxAttempts: 2, runAt: Date(), leaseUntil: nil, workerId: "t", progress: 0,
                progressNote: nil, lastError: nil, createdAt: Date(), updatedAt: Date(), finishedAt: nil)
            let events = services.bus.subscribe(MulticamService.channel(session.id))
            await #expect(throws: (any Error).self) {
                try await services.multicam.runSync(job: job, context: JobContext(job: job, logger: recorder.logger()) { _, _ in })
            }
            let record = try #require(try await services.multicam.syncRepository.sync(sessionId: session.id))
            let error = try #require(record.error)
            #expect(Self.leaks(error, dataDir: services.configuration.dataDir).isEmpty, "\(error)")
            var failed: String?
            for await event in events where event.contains("sync.failed") {
                failed = event
                break
            }
            let event = try #require(failed)
            #expect(Self.leaks(event, dataDir: services.configuration.dataDir).isEmpty, "\(event)")
            #expect(recorder.all.contains { $0.contains("sync failed") && $0.contains(services.configuration.dataDir) }, "\(recorder.all)")
        }
    }
}
