import AgentCore
import BackendApp
import BackendCore
import Foundation
import RelayAPI
import Testing
import TestSupport

/// Issue 23 items 6 and 7: the device token's refresh, against the real backend and the real agent binary.
/// Many workers finding the token due at once make one refresh, not a "replayed" proof that reads as a
/// revoked device; a clock an hour off at boot is a clock problem, not a revocation; and a device the
/// backend does refuse pauses the workers as one instead of rewriting the whole queue.
// Nested in `AgentRunTests` (serialized): agent worlds run one at a time, not beside the other agent
// suites — each has its own in-process backend, and several at once starve each other on 2 cores.
extension AgentRunTests {
@Suite("relay-agent run: token refresh", .serialized, .enabled(if: CaptureEndToEndTests.s3Available))
struct AgentTokenTests {
    @Test("eight workers find the token due at once: exactly one refresh, no refusal, everything uploads")
    func concurrentRefreshesAreOne() async throws {
        let port = freeLoopbackPort()
        try await TestApp.with("postgres", extra: try AgentRunTests.configuration(port: port)) { services, router in
            let (world, key, orgId) = try await AgentWorld.make(services: services, port: port, settings: ["concurrency": 8])
            defer { try? FileManager.default.removeItem(at: world.root) }
            try await TestApp.serve(router, port: port) { _ in try await world.enroll(orgId: orgId, key: key) }
            // Queued while the backend is away, so that every worker has an item the moment it returns.
            _ = try await world.queueOffline(16, prefix: "C", seed: 9800, folder: "STK-808")
            try world.makeTokenDue()
            let before = try #require(try CredentialStore(stateDirectory: world.state).load())
            try await TestApp.serve(router, port: port) { _ in
                let agent = try world.startAgent()
                defer { agent.stop() }
                let drained = try await AgentRunTests.drained(world, items: 16, within: 90)
                let auth = try await world.auth()
                #expect(drained, "\(auth)\n\(world.agentLog.suffix(3000))")
                #expect(auth == "ok", "\(world.agentLog.suffix(3000))")
                #expect(try await world.backlog().rejected == 0)
                let after = try #require(try CredentialStore(stateDirectory: world.state).load())
                #expect(after.accessToken != before.accessToken, "the token was refreshed")
                let refreshes = world.agentLog.components(separatedBy: "device token refreshed").count - 1
                #expect(refreshes == 1, "one refresh for all workers: \(refreshes)\n\(world.agentLog.suffix(3000))")
            }
        }
    }

    @Test("a clock an hour off at boot (no RTC, NTP not synced): the refresh is signed by the server's clock, not read as a revocation")
    func skewedClockIsNotRevocation() async throws {
        try #require(FakeClock.available, "libfaketime (apt package faketime) is needed")
        for offset in [-3600.0, 3600.0] {
            let port = freeLoopbackPort()
            try await TestApp.with("postgres", extra: try AgentRunTests.configuration(port: port)) { services, router in
                let (world, key, orgId) = try await AgentWorld.make(services: services, port: port)
                defer { try? FileManager.default.removeItem(at: world.root) }
                try await TestApp.serve(router, port: port) { _ in try await world.enroll(orgId: orgId, key: key) }
                _ = try await world.queueOffline(3, prefix: "K", seed: 9900, folder: "STK-909")
                // Due by the agent's (wrong) clock, which is the one it judges by.
                try world.makeTokenDue(now: Date().addingTimeInterval(offset))
                let clock = try FakeClock(in: world.root, offset: offset)
                try await TestApp.serve(router, port: port) { _ in
                    let agent = try world.startAgent(environment: clock.environment)
                    defer { agent.stop() }
                    var refreshed = false
                    let deadline = Date().addingTimeInterval(60)
                    while Date() < deadline && !refreshed {
                        try await Task.sleep(for: .milliseconds(300))
                        refreshed = world.agentLog.contains("device token refreshed")
                    }
                    #expect(refreshed, "offset \(offset): \(world.agentLog.suffix(3000))")
                    if offset > 0 {
                        // (Items queued before a backward step wait out their `retry_at` by the stepped clock:
                        // not this test's subject.)
                        #expect(try await AgentRunTests.drained(world, items: 3, within: 60), "\(world.agentLog.suffix(3000))")
                    }
                    let auth = try await world.auth()
                    #expect(auth == "ok", "offset \(offset): \(auth)")
                    #expect(!world.agentLog.contains("refuses this device"), "offset \(offset): \(world.agentLog.suffix(3000))")
                }
            }
        }
    }

    @Test("a revoked device enrolled anew while the agent runs: uploads resume within seconds, no restart; the old device's refresh never writes over the new credentials")
    func reenrollWhileRunning() async throws {
        let port = freeLoopbackPort()
        try await TestApp.with("postgres", extra: try AgentRunTests.configuration(port: port)) { services, router in
            let (world, key, orgId) = try await AgentWorld.make(services: services, port: port)
            defer { try? FileManager.default.removeItem(at: world.root) }
            try await TestApp.serve(router, port: port) { _ in try await world.enroll(orgId: orgId, key: key) }
            _ = try await world.queueOffline(2, prefix: "R", seed: 9960, folder: "STK-1100")
            let old = try #require(try CredentialStore(stateDirectory: world.state).load())
            try await TestApp.serve(router, port: port) { _ in
                let agent = try await Self.startRevoked(world, services: services, orgId: orgId)
                defer { agent.stop() }
                #expect(try await world.backlog().pending == 2, "nothing goes up while the device is refused")

                // The operator enrolls the box anew with a new key; the daemon is not restarted.
                let (_, secret) = try await services.auth.admin.createEnrollmentKey(orgId: orgId, siteId: world.siteId, uses: 1, expiresIn: 3600)
                let enrolled = try await AgentEnrollTests.agent(
                    ["enroll", "--force", "--server", world.base, "--org", orgId.uuidString, "--state-dir", world.state.path, "--timeout", "120"],
                    environment: ["RELAY_ENROLLMENT_KEY": secret])
                #expect(enrolled.status == 0, "\(enrolled.stderr)")
                let new = try #require(try CredentialStore(stateDirectory: world.state).load())
                #expect(new.deviceId != old.deviceId)
                let started = Date()
                // The paused daemon looks for a new enrollment every 5 s; the items kept their place.
                #expect(try await AgentRunTests.drained(world, items: 2, within: 20), "\(world.agentLog.suffix(3000))")
                print(String(format: "re-enrolled while running: the queue drained %.1f s after `enroll --force`", Date().timeIntervalSince(started)))
                #expect(world.agentLog.contains("enrolled anew as device \(new.deviceId)"), "\(world.agentLog.suffix(3000))")
                #expect(agent.isRunning)
                #expect(try await world.auth() == "ok")
                let after = try #require(try CredentialStore(stateDirectory: world.state).load())
                #expect(after.deviceId == new.deviceId, "the old device's credentials were written over the new ones")
            }
        }
    }

    @Test("a refused device with 10,000 queued rows: the workers pause as one; the queue database is not rewritten")
    func refusedDeviceDoesNotChurn() async throws {
        let port = freeLoopbackPort()
        try await TestApp.with("postgres", extra: try AgentRunTests.configuration(port: port)) { services, router in
            let (world, key, orgId) = try await AgentWorld.make(services: services, port: port)
            defer { try? FileManager.default.removeItem(at: world.root) }
            try await TestApp.serve(router, port: port) { _ in try await world.enroll(orgId: orgId, key: key) }
            _ = try await world.queueOffline(1, prefix: "Q", seed: 9950, folder: "STK-1000")
            // 10,000 more items waiting for their upload, in one transaction.
            _ = try world.queueSQL(
                """
                import sqlite3, sys, time, uuid
                c = sqlite3.connect(sys.argv[1]); now = time.time()
                c.executemany('INSERT INTO uploads (id, path, sha256, size, content_type, session_key, state, failures, retry_at, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)',
                    [(str(uuid.uuid4()), '/nowhere/STK-1000/IMG_%05d.jpg' % i, '%064x' % (i + 1), 1000, 'image/jpeg', 'STK-1000', 'qc_done', 0, now, now, now) for i in range(10000)])
                c.commit()
                """)
            try await TestApp.serve(router, port: port) { _ in
                let agent = try await Self.startRevoked(world, services: services, orgId: orgId)
                defer { agent.stop() }
                try await Task.sleep(for: .seconds(1))
                // Rows written over three seconds while refused.
                let start = try world.queueRows()
                let started = Date()
                try await Task.sleep(for: .seconds(3))
                let end = try world.queueRows()
                let seconds = Date().timeIntervalSince(started)
                let written = end.filter { start[$0.key] != $0.value }.count
                print("refused device, 10,001 queued rows: \(written) rows written in \(String(format: "%.1f", seconds)) s (\(String(format: "%.0f", Double(written) / seconds))/s)")
                #expect(end.count == 10_001)
                #expect(written <= 2, "the queue is rewritten while the device is refused: \(written) rows in \(seconds) s")
                #expect(agent.isRunning)
                #expect(try await world.backlog().rejected == 0)
            }
        }
    }

    /// An admin revokes the world's device; then the agent is started and this waits until `status` says
    /// the backend refuses it (the backend must be serving).
    static func startRevoked(_ world: AgentWorld, services: AppServices, orgId: UUID) async throws -> Process {
        let credentials = try #require(try CredentialStore(stateDirectory: world.state).load())
        #expect(try await services.auth.revokeDevice(id: try #require(UUID(uuidString: credentials.deviceId)), orgId: orgId))
        let agent = try world.startAgent()
        var auth = ""
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline && !auth.contains("refuses this device") {
            try await Task.sleep(for: .milliseconds(300))
            auth = try await world.auth()
        }
        #expect(auth.contains("refuses this device"), "\(auth)\n\(world.agentLog.suffix(2000))")
        return agent
    }
}
}
