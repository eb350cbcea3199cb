import AgentCore
import BackendApp
import Foundation
import RelayAPI
import Testing
import TestSupport

/// Issue 23 item 10 (clock): the machine's clock stepped an hour forward, then back, under a running agent
/// (libfaketime, the offset changed while it runs; the monotonic clock stays real, as under NTP). Uploads
/// still complete — a presigned URL is judged by the server's clock, so a clock an hour fast does not
/// see every URL as expired and loop — and originals kept for half an hour after acknowledgement are
/// not deleted early, since retention counts the server's time.
// Nested in `AgentRunTests` (serialized): agent worlds run one at a time, not beside the other agent
// suites — each has its own in-process backend, and several at once starve each other on 2 cores.
extension AgentRunTests {
@Suite("relay-agent run: the clock stepped under it", .serialized, .enabled(if: CaptureEndToEndTests.s3Available))
struct AgentClockTests {
    /// Drops photos whose modification time is the agent's clock's (the machine's whole clock moves in
    /// reality; here only the agent's does).
    static func drop(_ count: Int, prefix: String, seed: Int, in folder: URL, offset: TimeInterval) throws -> [URL] {
        _ = try AgentRunTests.dropPhotos(count, prefix: prefix, seed: seed, in: folder)
        let files = (0..<count).map { folder.appendingPathComponent(String(format: "%@_%04d.jpg", prefix, $0)) }
        for file in files {
            try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(offset - 5)], ofItemAtPath: file.path)
        }
        return files
    }

    @Test("clock stepped +1 h then -1 h under a running agent: uploads complete (no presign loop, no stall after the step back), no early deletion of originals")
    func clockSteppedUnderRunningAgent() async throws {
        try #require(FakeClock.available, "libfaketime (apt package faketime) is needed")
        let port = freeLoopbackPort()
        try await TestApp.with("postgres", extra: try AgentRunTests.configuration(port: port)) { services, router in
            let (world, key, orgId) = try await AgentWorld.make(services: services, port: port, settings: ["delete_originals_after_hours": 0.5])
            defer { try? FileManager.default.removeItem(at: world.root) }
            let clock = try FakeClock(in: world.root, offset: 0)
            try await TestApp.serve(router, port: port) { _ in
                try await world.enroll(orgId: orgId, key: key)
                let agent = try world.startAgent(environment: clock.environment)
                defer { agent.stop() }
                let folder = world.watch.appendingPathComponent("STK-2424")
                var files = try Self.drop(3, prefix: "A", seed: 9500, in: folder, offset: 0)
                #expect(try await AgentRunTests.drained(world, items: 3, within: 240), "\(world.agentLog.suffix(2000))")

                // NTP steps the clock an hour forward: the acknowledged files are (by this clock) 60 min old,
                // and the backend's 15-minute URLs look 45 minutes expired.
                try clock.set(offset: 3600)
                files += try Self.drop(3, prefix: "B", seed: 9510, in: folder, offset: 3600)
                #expect(try await AgentRunTests.drained(world, items: 6, within: 240), "\(world.agentLog.suffix(3000))")
                // Two janitor periods.
                try await Task.sleep(for: .seconds(11))
                for file in files { #expect(FileManager.default.fileExists(atPath: file.path), "deleted early: \(file.lastPathComponent)") }

                // And back an hour behind the real time: still nothing deleted, and new photos go up at once —
                // intake's schedule and the queue's retry times do not wait for the clock to catch up.
                try clock.set(offset: -3600)
                try await Task.sleep(for: .seconds(11))
                for file in files { #expect(FileManager.default.fileExists(atPath: file.path), "deleted early: \(file.lastPathComponent)") }
                files += try Self.drop(3, prefix: "C", seed: 9520, in: folder, offset: -3600)
                #expect(try await AgentRunTests.drained(world, items: 9, within: 240), "\(world.agentLog.suffix(3000))")
                #expect(world.agentLog.contains("the clock stepped back by 7200 s"), "\(world.agentLog.suffix(3000))")
                #expect(try await world.backlog().rejected == 0)
                #expect(try await world.auth() == "ok")

                // Every photo went up once, with one presign each (no loop): one upload_started event per image.
                let sessionId = try #require(try await world.sessions().first?["id"]?.stringValue)
                let images = try await world.images(session: sessionId)
                #expect(images.count == 9)
                for image in images {
                    let types = try await world.eventTypes(entity: try #require(image["id"]?.stringValue))
                    #expect(types.filter { $0 == "upload_complete" }.count == 1, "\(types)")
                }
                #expect(agent.isRunning)
            }
        }
    }
}
}
