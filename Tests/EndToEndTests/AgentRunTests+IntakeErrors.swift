import AgentCore
import BackendApp
import Foundation
import Glibc
import RelayAPI
import Testing
import TestSupport

extension AgentRunTests {
    /// `nobody`: the agent runs as a user of its own (the unit's `relay-agent`), not root.
    static let unprivileged: UInt32 = 65534

    @Test(
        "a frame the agent may not read (0600, another user's): status and the heartbeat name it and why, not only the log; once readable it is taken",
        .enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")))
    func unreadableFilesAreReported() async throws {
        let port = freeLoopbackPort()
        try await TestApp.with("postgres", extra: try Self.configuration(port: port)) { services, router in
            let (world, key, orgId) = try await AgentWorld.make(services: services, port: port)
            defer { try? FileManager.default.removeItem(at: world.root) }
            try await TestApp.serve(router, port: port) { _ in
                try await world.enroll(orgId: orgId, key: key)
                let folder = world.watch.appendingPathComponent("STK-PERM")
                _ = try Self.dropPhotos(1, prefix: "OK", seed: 7800, in: folder)
                let locked = folder.appendingPathComponent("LOCKED_0001.jpg")
                try TestPhotos.jpeg(width: 320, height: 240, seed: 7801).write(to: locked)
                #expect(chmod(locked.path, 0o600) == 0)
                // Everything but the locked frame belongs to the agent's user; the frame stays root's.
                for path in [world.root.path] + (FileManager.default.subpaths(atPath: world.root.path) ?? []).map({ world.root.appendingPathComponent($0).path })
                where path != locked.path {
                    #expect(chown(path, Self.unprivileged, Self.unprivileged) == 0, "\(path)")
                }
                let agent = try world.startAgent(uid: Self.unprivileged)
                defer { agent.stop() }
                // The daemon makes its queue first: `status`, run as root here, must not create its files.
                let queue = world.state.appendingPathComponent("queue.sqlite-wal").path
                #expect(try await Self.eventually(within: 30) { FileManager.default.fileExists(atPath: queue) }, "\(world.agentLog.suffix(2000))")
                #expect(try await Self.drained(world, items: 1, within: 60), "\(world.agentLog.suffix(3000))")

                var errors: [JSONValue] = []
                #expect(
                    try await Self.eventually(within: 30) {
                        if case .array(let list)? = try await world.status()["intake_errors"] { errors = list }
                        return !errors.isEmpty
                    }, "\(world.agentLog.suffix(2000))")
                guard case .object(let problem)? = errors.first else { return }
                #expect(problem["path"]?.stringValue == locked.path)
                #expect(problem["reason"]?.stringValue == "Permission denied", "\(problem)")
                let text = try await AgentEnrollTests.agent(["status", "--config", world.config.path])
                #expect(text.stdout.contains("\(locked.path): Permission denied"), "\(text.stdout)")
                #expect(world.agentLog.components(separatedBy: "cannot take \(locked.path)").count - 1 == 1, "logged once, not at every scan")

                let deviceId = try #require(try CredentialStore(stateDirectory: world.state).load()?.deviceId)
                #expect(
                    try await Self.eventually(within: 30) {
                        guard case .array(let rows)? = try await world.adminGet("/v1/events?entity_id=\(deviceId)")["data"] else { return false }
                        return rows.contains { row in
                            guard case .object(let event) = row, event["type"]?.stringValue == "heartbeat", case .object(let meta)? = event["meta"] else { return false }
                            return meta["intake_errors"] == .number(1)
                        }
                    }, "a heartbeat carries the count")

                #expect(chmod(locked.path, 0o644) == 0)
                #expect(try await Self.drained(world, items: 2, within: 60), "readable now: taken at the next scan \(world.agentLog.suffix(2000))")
                #expect(
                    try await Self.eventually(within: 10) {
                        if case .array(let list)? = try await world.status()["intake_errors"] { return list.isEmpty }
                        return false
                    })
            }
        }
    }
}
