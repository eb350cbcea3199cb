import AgentCore
import BackendApp
import BackendCore
import Foundation
import RelayAPI
import Testing
import TestSupport

/// Issue 23 item 5: answers the agent can recover from are not final. A folder's backend session that
/// someone completed gets a new session for a reshoot; a recording's multipart upload the store aborted
/// (a lifecycle rule) is started again. Real agent binary, real backend on PostgreSQL + SeaweedFS.
// Nested in `AgentRunTests` (serialized): agent worlds run one at a time, not beside the other agent
// suites — each has its own in-process backend, and several at once starve each other on 2 cores.
extension AgentRunTests {
@Suite("relay-agent run: recoverable answers", .serialized, .enabled(if: CaptureEndToEndTests.s3Available))
struct AgentRecoveryTests {
    @Test("a completed session receives a reshoot: the agent opens a new session for it; nothing is rejected")
    func completedSessionTakesReshoot() async throws {
        let port = freeLoopbackPort()
        try await TestApp.with("postgres", extra: try AgentRunTests.configuration(port: port)) { services, router in
            let (world, key, orgId) = try await AgentWorld.make(services: services, port: port)
            defer { try? FileManager.default.removeItem(at: world.root) }
            try await TestApp.serve(router, port: port) { _ in
                try await world.enroll(orgId: orgId, key: key)
                let agent = try world.startAgent()
                defer { agent.stop() }
                let folder = world.watch.appendingPathComponent("STK-5150")
                let first = try AgentRunTests.dropPhotos(3, prefix: "A", seed: 9600, in: folder)
                #expect(try await AgentRunTests.drained(world, items: 3, within: 60), "\(world.agentLog.suffix(2000))")
                let firstId = try #require(try await world.sessions().first?["id"]?.stringValue)
                // The operator closes the car's shoot; later the car comes back for a reshoot into the same folder.
                try await world.completeSession(firstId)
                let reshoot = try AgentRunTests.dropPhotos(2, prefix: "R", seed: 9700, in: folder)
                #expect(try await AgentRunTests.drained(world, items: 5, within: 60), "\(world.agentLog.suffix(2000))")

                let backlog = try await world.backlog()
                #expect(backlog.rejected == 0, "\(world.agentLog.suffix(2000))")
                let sessions = try await world.sessions()
                #expect(sessions.count == 2, "a new session for the reshoot")
                let secondId = try #require(sessions.compactMap { $0["id"]?.stringValue }.first { $0 != firstId })
                #expect(Set(try await world.images(session: secondId).compactMap { $0["content_sha256"]?.stringValue }) == reshoot)
                #expect(Set(try await world.images(session: firstId).compactMap { $0["content_sha256"]?.stringValue }) == first)
            }
        }
    }

    @Test("the store aborts a recording's multipart upload mid-way (lifecycle rule): the agent starts a new upload; bytes equal, nothing rejected")
    func abortedMultipartUploadStartsAgain() async throws {
        let port = freeLoopbackPort()
        let recordings = try TestEnvironment.temporaryDirectory("agent-recordings-abort")
        defer { try? FileManager.default.removeItem(at: recordings) }
        try await TestApp.with("postgres", extra: try AgentRunTests.configuration(port: port)) { services, router in
            // 40 MB in 16 MiB parts at 4 MB/s: about ten seconds, time to abort it under way.
            let (world, key, orgId) = try await AgentWorld.make(
                services: services, port: port,
                settings: ["recording_folders": [recordings.path], "project_id": "church-main", "bandwidth_limit_bytes_per_second": 4_000_000])
            defer { try? FileManager.default.removeItem(at: world.root) }
            try await TestApp.serve(router, port: port) { _ in
                try await world.enroll(orgId: orgId, key: key)
                let sha = try AgentMultipartTests.writeCameraFile(
                    recordings.appendingPathComponent("2026-11-29_Advent").appendingPathComponent("A_wide.mp4"), size: 40_000_000)
                let agent = try world.startAgent()
                defer { agent.stop() }

                // Once the upload is open, a lifecycle rule aborts it.
                var assetId: UUID?
                let deadline = Date().addingTimeInterval(60)
                while Date() < deadline, assetId == nil {
                    if case .array(let transfers)? = try await world.status()["transfers"], case .object(let transfer)? = transfers.first {
                        assetId = transfer["asset_id"]?.stringValue.flatMap(UUID.init(uuidString:))
                    }
                    if assetId == nil { try await Task.sleep(for: .milliseconds(200)) }
                }
                let lostId = try #require(assetId, "\(world.agentLog.suffix(2000))")
                let lost = try #require(try await services.multicam.repository.asset(id: lostId))
                try await services.blobStore.abortMultipartUpload(key: try #require(BlobKey(lost.storageKey)), uploadId: lost.uploadId)

                #expect(try await AgentRunTests.drained(world, items: 1, within: 120), "\(world.agentLog.suffix(3000))")
                #expect(try await world.backlog().rejected == 0, "\(world.agentLog.suffix(3000))")
                let assets = try await services.multicam.repository.assets(sessionId: lost.sessionId)
                let stored = try #require(assets.first { $0.cameraLabel == "A" })
                #expect(stored.id != lostId && stored.version == 2, "a new upload, the next version")
                #expect(stored.status == .ingesting || stored.status == .ready || stored.status == .failed, "\(stored.status)")
                #expect(stored.sizeBytes == 40_000_000)
                #expect(try await world.storedSHA256(key: stored.storageKey) == sha)
                #expect(try await services.multicam.repository.asset(id: lostId)?.status == .failed)
                try await services.blobStore.delete(key: try #require(BlobKey(stored.storageKey)))
            }
        }
    }
}
}
