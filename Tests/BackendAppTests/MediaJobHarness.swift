import BackendApp
import BackendCore
import Foundation
import Logging
import Testing
import TestSupport

/// Runs one media job in the test's own task, as a worker would, against the real services (SQLite,
/// local blob store, real ffmpeg): a video's `video.process`, or a camera file's `asset.ingest`.
enum MediaJobHarness {
    /// A fresh org and an operator identity in it.
    static func identity(_ services: AppServices) async throws -> Identity {
        let org = try await services.auth.admin.createOrg(name: "Media \(UUID().uuidString.prefix(8))")
        return Identity(subject: UUID(), orgId: org.id, role: .operator_, siteIds: [], tokenId: "media-test", expiresAt: Date().addingTimeInterval(3600))
    }

    /// Stores `file` as a new video and runs its `video.process` job (on its last attempt when
    /// `lastAttempt`). Returns the video afterwards and what the job threw.
    static func processVideo(
        _ services: AppServices, _ file: URL, lastAttempt: Bool = false, logger: Logger = TestDatabase.logger
    ) async throws -> (video: VideoRecord, error: (any Error)?) {
        let identity = try await identity(services)
        let created = try await services.video.createVideo(
            identity, file: file, fileName: file.lastPathComponent, size: size(file), contentType: "video/mp4")
        var job = try #require(
            try await services.jobQueue.claim(workerId: "media-test", kinds: [VideoService.processJobKind], lease: .seconds(600), now: Date()))
        if lastAttempt { job.attempts = job.maxAttempts }
        var thrown: (any Error)?
        do {
            try await services.video.process(job: job, context: JobContext(job: job, logger: logger) { _, _ in })
        } catch {
            thrown = error
        }
        return (try #require(try await services.video.repository.video(id: created.id)), thrown)
    }

    /// Stores `file` as camera A's original in a new multi-camera session and runs its `asset.ingest` job
    /// (on its last attempt when `lastAttempt`). Returns the asset afterwards, what the job threw and the
    /// session's WebSocket events.
    static func ingestAsset(
        _ services: AppServices, _ file: URL, lastAttempt: Bool = false, logger: Logger = TestDatabase.logger
    ) async throws -> (asset: AssetRecord, error: (any Error)?, events: [String]) {
        let identity = try await identity(services)
        let session = MulticamSessionRecord(
            orgId: identity.orgId, title: "Hostile", date: "2026-03-01", location: nil, notes: nil, projectId: "p", createdBy: identity.subject)
        try await services.multicam.repository.insertSession(session)
        let key = BlobKey(segments: "orgs", identity.orgId.uuidString.lowercased(), "test", UUID().uuidString.lowercased())
        try await services.blobStore.upload(key: key, from: file, contentType: "video/mp4")
        let jobId = "ingest-\(UUID().uuidString.prefix(8))"
        let asset = AssetRecord(
            sessionId: session.id, orgId: identity.orgId, cameraLabel: "A", version: 1, fileName: file.lastPathComponent,
            contentType: "video/mp4", sizeBytes: size(file), storageKey: key.rawValue, uploadId: "u", partSize: 5 << 20, partCount: 1,
            uploadExpiresAt: Date(), status: .ingesting, ingestionJobId: jobId)
        try await services.multicam.repository.insertAsset(asset)
        let attempts = lastAttempt ? 3 : 1
        let job = Job(
            id: jobId, kind: MulticamService.ingestJobKind, payload: #"{"asset_id":""# + asset.id.uuidString.lowercased() + #""}"#,
            state: .running, priority: 100, attempts: attempts, maxAttempts: 3, runAt: Date(), leaseUntil: nil, workerId: "media-test",
            progress: 0, progressNote: nil, lastError: nil, createdAt: Date(), updatedAt: Date(), finishedAt: nil)
        let events = services.bus.subscribe(MulticamService.channel(session.id))
        var thrown: (any Error)?
        do {
            try await services.multicam.ingest(job: job, context: JobContext(job: job, logger: logger) { _, _ in })
        } catch {
            thrown = error
        }
        // The job has finished, so every event it published is buffered: read until the terminal one.
        var received: [String] = []
        for await event in events {
            received.append(event)
            if event.contains("asset.failed") || event.contains("asset.ready") { break }
        }
        return (try #require(try await services.multicam.repository.asset(id: asset.id)), thrown, received)
    }

    /// Runs `body` with a fresh temporary folder holding `clip.mp4` (1 s of 160×90 H.264/AAC), then
    /// removes the folder.
    static func withClip(_ body: (_ folder: URL, _ clip: URL) async throws -> Void) async throws {
        let folder = try TestEnvironment.temporaryDirectory("relay-media-job")
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = folder.appendingPathComponent("clip.mp4")
        try await TestVideos.make(clip, seconds: 1, width: 160, height: 90)
        try await body(folder, clip)
    }

    /// The size of `file` in bytes.
    static func size(_ file: URL) -> Int64 {
        (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.int64Value ?? 0
    }
}
