import BackendApp
import BackendCore
import BackendStore
import Foundation
import SQLKit
import Testing
import TestSupport

/// A recording moves to `ingesting` only together with the job that ingests it: if queueing the job
/// fails (PostgreSQL refuses a payload with a NUL byte), the asset stays `uploading`, so the client's
/// retried complete queues it. Before, the job was queued first and the status changed in a second
/// statement, so a process death in between left a job for an asset still uploading, and the retry a
/// second job.
@Suite("multi-camera upload completion is atomic")
struct MulticamUploadedAtomicityTests {
    // PostgreSQL only: SQLite stores the NUL byte that makes the job insert fail here.
    @Test("a job that cannot be queued leaves the asset uploading; then it moves with exactly one job",
        arguments: TestEnvironment.databaseKinds.filter { $0 == "postgres" })
    func atomic(kind: String) async throws {
        try await TestApp.with(kind) { services, _ in
            let identity = try await MediaJobHarness.identity(services)
            let session = MulticamSessionRecord(
                orgId: identity.orgId, title: "Atomic", date: "2026-03-01", location: nil, notes: nil, projectId: "p", createdBy: identity.subject)
            try await services.multicam.repository.insertSession(session)
            let asset = AssetRecord(
                sessionId: session.id, orgId: identity.orgId, cameraLabel: "A", version: 1, fileName: "A.mp4", contentType: "video/mp4",
                sizeBytes: 1 << 20, storageKey: "orgs/x/atomic/\(UUID().uuidString.lowercased())", uploadId: "u", partSize: 5 << 20,
                partCount: 1, uploadExpiresAt: Date().addingTimeInterval(3600), status: .uploading, ingestionJobId: nil)
            try await services.multicam.repository.insertAsset(asset)
            let repository = services.multicam.repository

            let refused = NewJob(kind: MulticamService.ingestJobKind, payload: "{\"asset_id\":\"\u{0}\"}", maxAttempts: 3)
            await #expect(throws: (any Error).self) { _ = try await repository.markUploaded(id: asset.id, sizeBytes: 1 << 20, job: refused) }
            #expect(try await repository.asset(id: asset.id)?.status == .uploading, "rolled back with the job")

            let payload = "{\"asset_id\":\"\(asset.id.uuidString.lowercased())\"}"
            let job = NewJob(kind: MulticamService.ingestJobKind, payload: payload, maxAttempts: 3)
            let jobId = try await repository.markUploaded(id: asset.id, sizeBytes: 1 << 20, job: job)
            let stored = try #require(try await repository.asset(id: asset.id))
            #expect(jobId != nil && stored.status == .ingesting && stored.ingestionJobId == jobId)
            #expect(try await repository.markUploaded(id: asset.id, sizeBytes: 1 << 20, job: job) == nil, "not uploading: nothing queued")
            let jobs = try await services.database.sql.raw(
                "SELECT count(*) AS n FROM jobs WHERE payload = \(bind: payload)"
            ).first()?.decode(column: "n", as: Int.self)
            #expect(jobs == 1, "the refused job and the second call queued nothing")
        }
    }
}
