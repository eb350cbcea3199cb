import AgentCore
import Foundation
import Glibc
import RelayAPI
import Testing
import TestSupport

/// `relay-agent run` with fewer inotify watches than session folders (issue 23, item 3): the real
/// binary in a user namespace whose `max_inotify_watches` is 4, against a live backend.
// Nested in `AgentRunTests` (serialized): agent worlds run one at a time, not beside the other agent
// suites — each has its own in-process backend, and several at once starve each other on 2 cores.
extension AgentRunTests {
@Suite("relay-agent run: inotify watch limit", .serialized, .enabled(if: CaptureEndToEndTests.s3Available && WatchLimitNamespace.available))
struct AgentWatchLimitTests {
    @Test("4 watches for 1 root and 7 session folders: the agent starts, uploads every folder's photos (also ones added later and a folder made at run time), status and doctor say it is degraded")
    func tinyWatchLimit() async throws {
        let port = freeLoopbackPort()
        try await TestApp.with("postgres", extra: try AgentRunTests.configuration(port: port)) { services, router in
            // Full rescans far apart: what is found meanwhile is found by inotify or by the unwatched folders' timer.
            let (world, key, orgId) = try await AgentWorld.make(services: services, port: port, settings: ["rescan_seconds": 600])
            defer { try? FileManager.default.removeItem(at: world.root) }
            try await TestApp.serve(router, port: port) { _ in
                try await world.enroll(orgId: orgId, key: key)
                var shas: Set<String> = []
                let folders = (0..<6).map { world.watch.appendingPathComponent("STK-W\($0)") }
                for (index, folder) in folders.enumerated() {
                    shas.formUnion(try AgentRunTests.dropPhotos(2, prefix: "A", seed: 7000 + 10 * index, in: folder))
                }
                let agent = try world.startAgent(watchLimit: 4)
                defer { agent.stop() }
                // Started: it is still running once the first scan has queued what was there.
                let deadline = Date().addingTimeInterval(30)
                while Date() < deadline, agent.isRunning, (try await world.backlog().total) < 12 { try await Task.sleep(for: .milliseconds(300)) }
                #expect(agent.isRunning, "the agent refused to start: \(world.agentLog.suffix(2000))")
                // More photos in every folder, and a folder made at run time (no watch left for it).
                for (index, folder) in folders.enumerated() {
                    shas.formUnion(try AgentRunTests.dropPhotos(1, prefix: "B", seed: 7005 + 10 * index, in: folder))
                }
                shas.formUnion(try AgentRunTests.dropPhotos(2, prefix: "C", seed: 7100, in: world.watch.appendingPathComponent("STK-LATE")))
                #expect(try await AgentRunTests.drained(world, items: 20, within: 120), "\(world.agentLog.suffix(3000))")
                #expect(agent.isRunning)

                let sessions = try await world.sessions()
                #expect(sessions.count == 7)
                var serverShas: Set<String> = []
                for session in sessions {
                    let id = try #require(session["id"]?.stringValue)
                    serverShas.formUnion(try await world.images(session: id).compactMap { $0["content_sha256"]?.stringValue })
                }
                #expect(serverShas == shas)

                let status = try await world.status()
                if case .number(let bytes)? = status["queue_database_bytes"] { #expect(bytes > 0) } else { Issue.record("status has no queue_database_bytes") }
                guard case .object(let watching)? = status["watching"] else {
                    Issue.record("status has no watching: \(status)")
                    return
                }
                #expect(watching["mode"]?.stringValue == "degraded")
                if case .number(let unwatched)? = watching["unwatched"] { #expect(unwatched >= 4) } else { Issue.record("\(watching)") }
                if case .number(let watched)? = watching["watched"] { #expect(watched == 4) } else { Issue.record("\(watching)") }
                let text = try await AgentEnrollTests.agent(["status", "--config", world.config.path])
                #expect(text.stdout.contains("DEGRADED"), "\(text.stdout)")
                #expect(text.stdout.contains("queue database: "), "\(text.stdout)")
                let doctor = try await AgentEnrollTests.agent(["doctor", "--json", "--config", world.config.path])
                #expect(doctor.stdout.contains("\"inotify\""), "\(doctor.stdout)")
                #expect(doctor.stdout.contains("DEGRADED"), "\(doctor.stdout)")
            }
        }
    }
}
}

/// A user namespace with its own inotify watch limit (`unshare -Ur`, writable
/// `/proc/sys/user/max_inotify_watches`).
enum WatchLimitNamespace {
    /// Whether this machine lets us set an inotify watch limit in a user namespace.
    static var available: Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        process.arguments = ["-Ur", "sh", "-c", "echo 4 > /proc/sys/user/max_inotify_watches"]
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

}

extension AgentWorld {
    /// Starts `relay-agent run` in a user namespace whose inotify watch limit is `watchLimit`.
    func startAgent(watchLimit: Int) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        process.arguments = [
            "-Ur", "sh", "-c", "echo \(watchLimit) > /proc/sys/user/max_inotify_watches && exec \"$0\" run --config \"$1\"",
            AgentQCCommandTests.executable.path, config.path,
        ]
        process.environment = BackendProcess.cleanEnvironment()
        let log = root.appendingPathComponent("agent.log")
        if !FileManager.default.fileExists(atPath: log.path) { FileManager.default.createFile(atPath: log.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }
}
