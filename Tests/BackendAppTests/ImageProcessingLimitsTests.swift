import BackendApp
import BackendCore
import Crypto
import Foundation
import HummingbirdTesting
import RelayAPI
import Testing
import TestSupport

/// Photo processing is bounded: an image that keeps failing is processed a fixed number of times however
/// often its upload is reported, and a header claiming a huge picture is refused before decoding.
@Suite("Image processing limits")
struct ImageProcessingLimitsTests {
    /// A presigned image of a new session whose original (`bytes`) is in the store.
    static func storedImage(
        _ services: AppServices, _ client: some TestClientProtocol, _ fixture: AuthFixture, bytes: Data
    ) async throws -> PresignResponse {
        let session = try await CaptureAPITests.studioSession(client, fixture, token: fixture.deviceToken)
        let presigned = try decode(
            PresignResponse.self,
            try await postJSON(
                client, "/v1/presign",
                [
                    "session_id": session["id"] as? String ?? "", "file_name": "a.jpg", "content_type": "image/jpeg",
                    "content_sha256": SecretToken.hex(SHA256.hash(data: bytes)),
                ], token: fixture.deviceToken))
        try await services.blobStore.put(key: try #require(BlobKey(presigned.storageKey)), data: bytes, contentType: "image/jpeg")
        return presigned
    }

    @Test("upload_complete for an image that keeps failing queues 3 runs, then answers 409 IMAGE_RETRY_LIMIT and queues nothing", arguments: TestEnvironment.databaseKinds)
    func retryLimit(kind: String) async throws {
        try await TestApp.with(kind) { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                let presigned = try await Self.storedImage(services, client, fixture, bytes: Data("not a photo at all".utf8))
                let imageId = try #require(UUID(uuidString: presigned.imageId))
                let complete = ["entity_type": "image", "entity_id": presigned.imageId, "type": "upload_complete"]
                for run in 1...3 {
                    let answer = try await postJSON(client, "/v1/events", complete, token: fixture.deviceToken)
                    #expect(answer.status == .created, "run \(run)")
                    let job = try #require(
                        try await services.jobQueue.claim(workerId: "t", kinds: [CaptureService.processJobKind], lease: .seconds(60), now: Date()),
                        "run \(run) queued")
                    try await services.capture.processImage(id: imageId, processor: MediaImageProcessor(), logger: TestDatabase.logger)
                    try await services.jobQueue.complete(id: job.id, workerId: "t", now: Date())
                    #expect(try await services.capture.repository.image(id: imageId)?.status == .failed, "run \(run)")
                }
                let refused = try await postJSON(client, "/v1/events", complete, token: fixture.deviceToken)
                let envelope = try expectEnvelope(refused, status: 409, code: "IMAGE_RETRY_LIMIT")
                #expect(envelope.error.details["runs"] == .number(3) && envelope.error.details["max_runs"] == .number(3))
                #expect(try await services.jobQueue.claim(workerId: "t", kinds: nil, lease: .seconds(60), now: Date()) == nil, "nothing queued")
                let image = try #require(try await services.capture.repository.image(id: imageId))
                #expect(image.status == .failed && image.failureReason?.contains("not a usable") == true)
            }
        }
    }

    static let bombs: [(name: String, bytes: @Sendable () throws -> Data, reason: String)] = [
        ("a JPEG header claiming 65000×65000", { try HostileMedia.jpegSizeClaim(try TestPhotos.jpeg(width: 64, height: 48), width: 65000, height: 65000) }, "65000"),
        ("a PNG header claiming 100000×100000", { HostileMedia.pngSizeClaim(width: 100_000, height: 100_000) }, "neither JPEG nor HEIC"),
    ]

    @Test("a decompression-bomb header fails the image with a reason, before any decode", arguments: bombs.indices)
    func decompressionBomb(index: Int) async throws {
        let bomb = Self.bombs[index]
        try await TestApp.with("sqlite") { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                let presigned = try await Self.storedImage(services, client, fixture, bytes: try bomb.bytes())
                let imageId = try #require(UUID(uuidString: presigned.imageId))
                let complete = ["entity_type": "image", "entity_id": presigned.imageId, "type": "upload_complete"]
                #expect(try await postJSON(client, "/v1/events", complete, token: fixture.deviceToken).status == .created)
                try await services.capture.processImage(id: imageId, processor: MediaImageProcessor(), logger: TestDatabase.logger)
                let image = try #require(try await services.capture.repository.image(id: imageId))
                #expect(image.status == .failed, "\(bomb.name)")
                #expect(image.failureReason?.contains(bomb.reason) == true, "\(bomb.name): \(image.failureReason ?? "no reason")")
                #expect(image.thumbKeys.isEmpty)
            }
        }
    }
}
