import AgentCore
import BackendApp
import Foundation
import RelayAPI
import Testing
import TestSupport

/// `delete_originals_after_hours`: files leave the capture folder only after the backend acknowledged
/// their bytes (DESIGN §6), against the live backend on PostgreSQL + SeaweedFS. In the serialized agent
/// suite: an agent world per test at a time keeps enrollment and timings clear of each other.
extension AgentRunTests {
    @Test("offline nothing is deleted; once the backend acknowledged the bytes the files go, the folder stays, status counts them")
    func deletedAfterAcknowledgement() async throws {
        let port = freeLoopbackPort()
        try await TestApp.with("postgres", extra: try AgentRunTests.configuration(port: port)) { services, router in
            let (world, key, orgId) = try await AgentWorld.make(services: services, port: port, settings: ["delete_originals_after_hours": 0])
            defer { try? FileManager.default.removeItem(at: world.root) }
            try await TestApp.serve(router, port: port) { _ in try await world.enroll(orgId: orgId, key: key) }
            // The backend is down: everything is queued and nothing may be deleted.
            let agent = try world.startAgent()
            defer { agent.stop() }
            let folder = world.watch.appendingPathComponent("1HGCM82633A004352")
            let shas = try AgentRunTests.dropPhotos(6, prefix: "DSC", seed: 9100, in: folder)
            let files = (0..<6).map { folder.appendingPathComponent(String(format: "DSC_%04d.jpg", $0)) }
            #expect(files.allSatisfy { FileManager.default.fileExists(atPath: $0.path) }, "dropPhotos names its files DSC_NNNN.jpg")
            var pending = 0
            for _ in 0..<60 where pending < 6 {
                try await Task.sleep(for: .milliseconds(500))
                pending = try await world.backlog().pending
            }
            #expect(pending == 6, "\(world.agentLog.suffix(2000))")
            try await Task.sleep(for: .seconds(6))  // more than one sweep of the janitor
            #expect(files.allSatisfy { FileManager.default.fileExists(atPath: $0.path) }, "unacknowledged files are kept")

            try await TestApp.serve(router, port: port) { _ in
                #expect(try await AgentRunTests.drained(world, items: 6, within: 120), "\(world.agentLog.suffix(3000))")
                let sessions = try await world.sessions()
                let images = try await world.images(session: try #require(sessions.first?["id"]?.stringValue))
                #expect(Set(images.compactMap { $0["content_sha256"]?.stringValue }) == shas, "the server has every file's bytes")
                var left = files
                for _ in 0..<40 where !left.isEmpty {
                    try await Task.sleep(for: .milliseconds(500))
                    left = files.filter { FileManager.default.fileExists(atPath: $0.path) }
                }
                #expect(left.isEmpty, "still there: \(left.map(\.lastPathComponent)) \(world.agentLog.suffix(2000))")
                #expect(FileManager.default.fileExists(atPath: folder.path), "the session folder stays for the next frame")
                // The unlink comes a moment before its record.
                var originals: [String: JSONValue] = [:]
                for _ in 0..<20 where originals["deleted"] != .number(6) {
                    if case .object(let counts)? = try await world.status()["originals"] { originals = counts }
                    if originals["deleted"] != .number(6) { try await Task.sleep(for: .milliseconds(250)) }
                }
                #expect(originals["deleted"] == .number(6), "\(originals)")
                #expect(world.agentLog.contains("deleted \(files[0].path): its bytes are on the server"))
                let text = try await AgentEnrollTests.agent(["status", "--config", world.config.path])
                #expect(text.stdout.contains("originals: 6 deleted after upload"), "\(text.stdout)")
                let doctor = try await AgentEnrollTests.agent(["doctor", "--config", world.config.path])
                #expect(doctor.stdout.contains("OK    delete_originals: uploaded files in \(world.watch.path) can be deleted"), "\(doctor.stdout)")
                // A new frame in the emptied folder is taken as usual.
                let more = try AgentRunTests.dropPhotos(1, prefix: "NEW", seed: 9200, in: folder)
                #expect(try await AgentRunTests.drained(world, items: 7, within: 60), "\(world.agentLog.suffix(3000))")
                let after = try await world.images(session: try #require(sessions.first?["id"]?.stringValue))
                #expect(Set(after.compactMap { $0["content_sha256"]?.stringValue }) == shas.union(more))
            }
            #expect(agent.isRunning)
        }
    }
}
