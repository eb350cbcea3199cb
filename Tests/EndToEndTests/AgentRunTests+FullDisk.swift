import AgentCore
import BackendApp
import Foundation
import Glibc
import RelayAPI
import Testing
import TestSupport

extension AgentRunTests {
    @Test(
        "a full state disk under systemd's watchdog: the pings go on (no restart loop), the daemon keeps running and says why",
        .enabled(if: ScratchMount.available))
    func fullDiskKeepsTheWatchdogFed() async throws {
        let port = freeLoopbackPort()
        try await TestApp.with("postgres", extra: try Self.configuration(port: port)) { services, router in
            let (world, key, orgId) = try await AgentWorld.make(services: services, port: port)
            // The state directory on a small disk of its own, filled up once the agent runs.
            let disk = try ScratchMount.make(store: world.state, mountPoint: world.root.appendingPathComponent("unused"), size: "4m")
            defer {
                disk.tearDown()
                try? FileManager.default.removeItem(at: world.root)
            }
            try await TestApp.serve(router, port: port) { _ in
                try await world.enroll(orgId: orgId, key: key)
                let notify = try NotifySocket(directory: world.root)
                // Pings due every 2 s (half of WatchdogSec = 4 s), at the status ticks (every 2 s).
                let agent = try world.startAgent(environment: ["NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "4000000"])
                defer { agent.stop() }
                let ready = await notify.first("READY=1", within: 60)
                #expect(ready.found, "\(ready.lines) \(world.agentLog.suffix(2000))")

                let filler = world.state.appendingPathComponent("filler")
                FileManager.default.createFile(atPath: filler.path, contents: nil)
                let handle = try FileHandle(forWritingTo: filler)
                let block = Data(repeating: 0x55, count: 64 * 1024)
                while (try? handle.write(contentsOf: block)) != nil {}
                try? handle.close()
                // A heartbeat event every 5 s and the status every 2 s now meet the full disk.
                let full = await notify.first("STATUS=error: the state directory's disk is full", within: 30)
                #expect(full.found, "\(full.lines.suffix(10)) \(world.agentLog.suffix(2000))")
                let later = await notify.lines(for: 10)
                #expect(later.filter { $0 == "WATCHDOG=1" }.count >= 2, "pings while the disk is full: \(later)")
                #expect(later.contains { $0.hasPrefix("STATUS=error: the state directory's disk is full") }, "still full: \(later.suffix(6))")
                #expect(agent.isRunning)

                try FileManager.default.removeItem(at: filler)
                _ = try Self.dropPhotos(1, prefix: "AFTER", seed: 7700, in: world.watch.appendingPathComponent("STK-FULL"))
                #expect(try await Self.drained(world, items: 1, within: 60), "space is back: work goes on \(world.agentLog.suffix(2000))")
            }
        }
    }
}
