import BackendApp
import BackendCore
import BackendStore
import Foundation
import Hummingbird
import HummingbirdTesting
import SQLKit
import Testing
import TestSupport

/// An image moves to `processing` only together with the job that processes it: if queueing the job
/// fails (here PostgreSQL refuses a payload with a NUL byte), the image stays `pending`, so the client's
/// retried `upload_complete` queues it. Before, the image was left `processing` with no job, for good.
@Suite("processing start is atomic")
struct ProcessingStartAtomicityTests {
    // PostgreSQL only: SQLite stores the NUL byte that makes the job insert fail here.
    @Test("a job that cannot be queued leaves the image pending; then it starts with exactly one job",
        arguments: TestEnvironment.databaseKinds.filter { $0 == "postgres" })
    func atomic(kind: String) async throws {
        try await TestApp.with(kind) { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                let session = try await CaptureAPITests.studioSession(client, fixture, token: fixture.deviceToken)
                let sessionId = try #require(session["id"] as? String)
                let presigned = try CaptureAPITests.json(try await postJSON(client, "/v1/presign", [
                    "session_id": sessionId, "file_name": "a.jpg", "content_type": "image/jpeg",
                    "content_sha256": String(repeating: "ab", count: 32), "angle_deg": 0,
                ], token: fixture.deviceToken))
                let imageText = try #require(presigned["image_id"] as? String)
                let imageId = try #require(UUID(uuidString: imageText))
                let repository = services.capture.repository

                let refused = NewJob(kind: CaptureService.processJobKind, payload: "{\"image_id\":\"\u{0}\"}", maxAttempts: 3)
                await #expect(throws: (any Error).self) { _ = try await repository.startProcessing(id: imageId, maxRuns: 3, job: refused) }
                #expect(try await repository.image(id: imageId)?.status == .pending, "rolled back with the job")
                #expect(try await repository.image(id: imageId)?.processingRuns == 0)

                let job = NewJob(kind: CaptureService.processJobKind, payload: "{\"image_id\":\"\(imageId.uuidString.lowercased())\"}", maxAttempts: 3)
                #expect(try await repository.startProcessing(id: imageId, maxRuns: 3, job: job))
                #expect(try await repository.image(id: imageId)?.status == .processing)
                #expect(try await !repository.startProcessing(id: imageId, maxRuns: 3, job: job), "already processing: no second job")
                let jobs = try await services.database.sql.raw(
                    "SELECT count(*) AS n FROM jobs WHERE payload LIKE \(bind: "%" + imageId.uuidString.lowercased() + "%")"
                ).first()?.decode(column: "n", as: Int.self)
                #expect(jobs == 1)
            }
        }
    }
}
