import AgentCore
import BackendApp
import Foundation
import Glibc
import RelayAPI
import RelayClient
import Testing
import TestSupport

/// `relay-agent run` against a live backend on PostgreSQL + SeaweedFS (issue 5's acceptance runs 1, 2
/// and 4): SIGKILLs at random moments, the backend going away, corrupt files, a full state disk.
@Suite("relay-agent run", .serialized, .enabled(if: CaptureEndToEndTests.s3Available))
struct AgentRunTests {
    static func configuration(port: Int) throws -> [String: String] {
        var configuration = try CaptureEndToEndTests.storeConfiguration("s3")
        configuration["port"] = "\(port)"
        configuration["public_url"] = "http://127.0.0.1:\(port)"
        // The tests' own reads (every image and its events) must not be throttled; the agent's calls are
        // far below the defaults anyway.
        configuration["rate_limit_default"] = "100000"
        return configuration
    }

    /// Waits until the agent has nothing left to do (or the deadline passes).
    static func drained(_ world: AgentWorld, items: Int, within seconds: Double) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let backlog = try await world.backlog()
            if backlog.total == items && backlog.pending == 0 && backlog.events == 0 { return true }
            try await Task.sleep(for: .milliseconds(500))
        }
        return false
    }

    @Test("200 photos, the agent SIGKILLed 25 times at random moments: every photo on the server exactly once, bytes equal, events once")
    func killedAgentUploadsExactlyOnce() async throws {
        let port = freeLoopbackPort()
        try await TestApp.with("postgres", extra: try Self.configuration(port: port)) { services, router in
            let (world, key, orgId) = try await AgentWorld.make(services: services, port: port)
            defer { try? FileManager.default.removeItem(at: world.root) }
            try await TestApp.serve(router, port: port) { _ in
                try await world.enroll(orgId: orgId, key: key)
                let folder = world.watch.appendingPathComponent("STK-4411_turntable")
                var shas: [String: String] = [:]
                var generator = SystemRandomNumberGenerator()
                var dropped = 0
                for kill in 0..<25 {
                    let agent = try world.startAgent()
                    // Photos keep arriving while the agent lives and dies.
                    for _ in 0..<8 where dropped < 200 {
                        let data = try TestPhotos.jpeg(width: 320, height: 240, seed: 1000 + dropped)
                        let name = String(format: "IMG_%04d.jpg", dropped)
                        shas[name] = AgentWorld.sha256(data)
                        try AgentWorld.drop(data, as: name, in: folder)
                        dropped += 1
                    }
                    try await Task.sleep(for: .milliseconds(Int.random(in: 150...1200, using: &generator)))
                    Glibc.kill(agent.processIdentifier, SIGKILL)
                    agent.waitUntilExit()
                    #expect(agent.terminationReason == .uncaughtSignal, "kill \(kill)")
                }
                while dropped < 200 {
                    let data = try TestPhotos.jpeg(width: 320, height: 240, seed: 1000 + dropped)
                    let name = String(format: "IMG_%04d.jpg", dropped)
                    shas[name] = AgentWorld.sha256(data)
                    try AgentWorld.drop(data, as: name, in: folder)
                    dropped += 1
                }
                let agent = try world.startAgent()
                defer { agent.stop() }
                #expect(try await Self.drained(world, items: 200, within: 180), "\(world.agentLog.suffix(3000))")

                let sessions = try await world.sessions()
                #expect(sessions.count == 1, "one session per capture folder, whatever the crashes")
                let sessionId = try #require(sessions.first?["id"]?.stringValue)
                let images = try await world.images(session: sessionId)
                #expect(images.count == 200)
                let serverShas = images.compactMap { $0["content_sha256"]?.stringValue }
                #expect(Set(serverShas) == Set(shas.values))
                #expect(Set(images.compactMap { $0["file_name"]?.stringValue }) == Set(shas.keys))
                // Angles in capture order: 200 distinct steps of 1.8°.
                let angles = Set(images.compactMap { image -> Double? in if case .number(let a)? = image["angle_deg"] { a } else { nil } })
                #expect(angles.count == 200)
                for image in images {
                    let id = try #require(image["id"]?.stringValue)
                    let key = try #require(image["storage_key"]?.stringValue)
                    #expect(try await world.storedSHA256(key: key) == image["content_sha256"]?.stringValue)
                    let types = try await world.eventTypes(entity: id)
                    #expect(types.filter { $0 == "upload_complete" }.count == 1, "\(id): \(types)")
                    #expect(types.filter { $0 == "upload_started" }.count == 1, "\(id): \(types)")
                }
                let status = try await world.status()
                #expect(status["auth"]?.stringValue == "ok")
                #expect(status["daemon_running"] == .bool(true))
            }
        }
    }

    @Test("backend offline: the queue grows, QC failures show at once; when it returns everything drains; corrupt files fail QC and still upload")
    func offlineThenDrain() async throws {
        let port = freeLoopbackPort()
        try await TestApp.with("postgres", extra: try Self.configuration(port: port)) { services, router in
            let (world, key, orgId) = try await AgentWorld.make(services: services, port: port)
            defer { try? FileManager.default.removeItem(at: world.root) }
            try await TestApp.serve(router, port: port) { _ in try await world.enroll(orgId: orgId, key: key) }
            // The backend is down from here on.
            let agent = try world.startAgent()
            defer { agent.stop() }
            let folder = world.watch.appendingPathComponent("1HGCM82633A004352")
            var shas: Set<String> = []
            for index in 0..<20 {
                let data = try TestPhotos.jpeg(width: 320, height: 240, seed: 5000 + index)
                shas.insert(AgentWorld.sha256(data))
                try AgentWorld.drop(data, as: String(format: "DSC_%04d.jpg", index), in: folder)
            }
            let good = try TestPhotos.jpeg(width: 640, height: 480, seed: 77)
            let truncated = good.prefix(good.count / 3)
            shas.insert(AgentWorld.sha256(Data(truncated)))
            try AgentWorld.drop(Data(truncated), as: "DSC_0020.jpg", in: folder)
            let heic = try TestPhotos.heic()
            let truncatedHEIC = Data(heic.prefix(heic.count / 2))
            shas.insert(AgentWorld.sha256(truncatedHEIC))
            try AgentWorld.drop(truncatedHEIC, as: "DSC_0022.heic", in: folder)
            let garbage = Data("this is not an image at all".utf8)
            shas.insert(AgentWorld.sha256(garbage))
            try AgentWorld.drop(garbage, as: "DSC_0021.jpg", in: folder)

            // Offline: everything is queued and QC'd; the failures are visible with their angle.
            var status: [String: JSONValue] = [:]
            let deadline = Date().addingTimeInterval(30)
            repeat {
                try await Task.sleep(for: .milliseconds(500))
                status = try await world.status()
                let failures = status["last_qc_failures"].map { if case .array(let a) = $0 { a.count } else { 0 } } ?? 0
                let backendError = status["backend_error"]?.stringValue ?? ""
                if failures >= 3 && !backendError.isEmpty { break }
            } while Date() < deadline
            guard case .array(let failures)? = status["last_qc_failures"] else { Issue.record("no QC failures in \(status)"); return }
            #expect(failures.count == 3, "\(status)\n\(world.agentLog.suffix(3000))")
            for case .object(let failure) in failures {
                #expect(failure["angle_deg"] != nil && failure["angle_deg"] != .null)
                let reason = failure["reason"]?.stringValue ?? ""
                #expect(reason.contains("truncated") || reason.contains("not a JPEG") || reason.contains("HEIF") || reason.contains("HEIC"), "\(reason)")
            }
            let offline = try await world.backlog()
            #expect(offline.pending == 23)
            #expect(agent.isRunning)
            let backendError = status["backend_error"]?.stringValue ?? ""
            #expect(!backendError.isEmpty, "status names the unreachable backend: \(status)")

            // The backend returns: everything drains.
            let expected = shas
            try await TestApp.serve(router, port: port) { _ in
                #expect(try await Self.drained(world, items: 23, within: 120), "\(world.agentLog.suffix(3000))")
                let sessions = try await world.sessions()
                #expect(sessions.count == 1)
                let images = try await world.images(session: try #require(sessions.first?["id"]?.stringValue))
                #expect(Set(images.compactMap { $0["content_sha256"]?.stringValue }) == expected)
                let corrupt = try #require(images.first { $0["file_name"]?.stringValue == "DSC_0020.jpg" })
                let types = try await world.eventTypes(entity: try #require(corrupt["id"]?.stringValue))
                #expect(types.contains("qc_failed"), "\(types)")
                #expect(types.contains("upload_complete"))
                try await Self.expectDrainedHealth(world, qcFailureNamed: ["DSC_0020.jpg", "DSC_0021.jpg", "DSC_0022.heic"])
            }
            #expect(agent.isRunning)
        }
    }

    /// Drops `count` photos named `prefix_NNNN.jpg`; returns their SHA-256s.
    static func dropPhotos(_ count: Int, prefix: String, seed: Int, in folder: URL) throws -> Set<String> {
        var shas: Set<String> = []
        for index in 0..<count {
            let data = try TestPhotos.jpeg(width: 320, height: 240, seed: seed + index)
            shas.insert(AgentWorld.sha256(data))
            try AgentWorld.drop(data, as: String(format: "%@_%04d.jpg", prefix, index), in: folder)
        }
        return shas
    }

    @Test("a revoked device: one refresh, then uploads stop and status says why; nothing is deleted")
    func revokedDevice() async throws {
        let port = freeLoopbackPort()
        try await TestApp.with("postgres", extra: try Self.configuration(port: port)) { services, router in
            let (world, key, orgId) = try await AgentWorld.make(services: services, port: port)
            defer { try? FileManager.default.removeItem(at: world.root) }
            try await TestApp.serve(router, port: port) { _ in
                try await world.enroll(orgId: orgId, key: key)
                let agent = try world.startAgent()
                defer { agent.stop() }
                let folder = world.watch.appendingPathComponent("STK-77")
                _ = try Self.dropPhotos(3, prefix: "A", seed: 9000, in: folder)
                #expect(try await Self.drained(world, items: 3, within: 60), "\(world.agentLog.suffix(2000))")

                let credentials = try #require(try CredentialStore(stateDirectory: world.state).load())
                #expect(try await services.auth.revokeDevice(id: try #require(UUID(uuidString: credentials.deviceId)), orgId: orgId))
                _ = try Self.dropPhotos(2, prefix: "B", seed: 9100, in: folder)
                var auth = ""
                let deadline = Date().addingTimeInterval(30)
                while Date() < deadline && !auth.contains("refuses this device") {
                    try await Task.sleep(for: .milliseconds(500))
                    auth = try await world.status()["auth"]?.stringValue ?? ""
                }
                #expect(auth.contains("refuses this device") && auth.contains("Re-enroll"), "\(auth)\n\(world.agentLog.suffix(2000))")
                let backlog = try await world.backlog()
                #expect(backlog.pending == 2, "the new photos wait, queued")
                #expect(backlog.rejected == 0)
                #expect(try CredentialStore(stateDirectory: world.state).load()?.deviceId == credentials.deviceId, "credentials kept")
                #expect(agent.isRunning)
            }
        }
    }

    @Test("the state disk fills up: clear error, the agent keeps running, nothing is lost once space returns")
    func stateDiskFull() async throws {
        let port = freeLoopbackPort()
        try await TestApp.with("postgres", extra: try Self.configuration(port: port)) { services, router in
            let (world, key, orgId) = try await AgentWorld.make(services: services, port: port)
            defer { try? FileManager.default.removeItem(at: world.root) }
            // The state directory on its own 4 MiB tmpfs (needs root, as CI runs).
            try FileManager.default.createDirectory(at: world.state, withIntermediateDirectories: true)
            // Root mounts directly; another user needs password-less sudo (as scripts/install-deps.sh does).
            let privileged: [String] = getuid() == 0 ? [] : ["sudo", "-n"]
            let mount = try ProvisioningTests.sh(privileged + ["mount", "-t", "tmpfs", "-o", "size=4m,mode=1777", "tmpfs", world.state.path])
            try #require(mount.status == 0, "cannot mount a tmpfs for the state directory: \(mount.output)")
            defer { _ = try? ProvisioningTests.sh(privileged + ["umount", "-l", world.state.path]) }
            try await TestApp.serve(router, port: port) { _ in
                try await world.enroll(orgId: orgId, key: key)
                let agent = try world.startAgent()
                defer { agent.stop() }
                let folder = world.watch.appendingPathComponent("STK-88")
                var shas = try Self.dropPhotos(2, prefix: "A", seed: 9200, in: folder)
                #expect(try await Self.drained(world, items: 2, within: 60), "\(world.agentLog.suffix(2000))")

                // Fill the disk to the last byte.
                let filler = world.state.appendingPathComponent("filler")
                let fill = try ProvisioningTests.sh(["dd", "if=/dev/zero", "of=\(filler.path)", "bs=64k"])
                #expect(fill.output.contains("No space left"), "\(fill.output)")
                shas.formUnion(try Self.dropPhotos(10, prefix: "B", seed: 9300, in: folder))
                try await Task.sleep(for: .seconds(6))
                #expect(agent.isRunning, "\(world.agentLog.suffix(2000))")
                #expect(world.agentLog.contains("disk is full"), "\(world.agentLog.suffix(2000))")

                try FileManager.default.removeItem(at: filler)
                #expect(try await Self.drained(world, items: 12, within: 120), "\(world.agentLog.suffix(3000))")
                let sessions = try await world.sessions()
                #expect(sessions.count == 1)
                let images = try await world.images(session: try #require(sessions.first?["id"]?.stringValue))
                #expect(Set(images.compactMap { $0["content_sha256"]?.stringValue }) == shas)
                let check = try ProvisioningTests.sh(["python3", "-c", "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('PRAGMA integrity_check').fetchone()[0])", world.state.appendingPathComponent("queue.sqlite").path])
                #expect(check.output.trimmingCharacters(in: .whitespacesAndNewlines) == "ok", "\(check.output)")
            }
        }
    }

    @Test("outside the upload window nothing is uploaded but QC runs; doctor checks the live backend; queue list/forget from the CLI")
    func windowDoctorAndQueueCommands() async throws {
        let port = freeLoopbackPort()
        // A window that is closed now: it opens two hours from now, for one hour.
        var calendar = Calendar.current
        calendar.timeZone = .current
        let hour = calendar.component(.hour, from: Date())
        let window = String(format: "%02d:00-%02d:00", (hour + 2) % 24, (hour + 3) % 24)
        try await TestApp.with("postgres", extra: try Self.configuration(port: port)) { services, router in
            let (world, key, orgId) = try await AgentWorld.make(services: services, port: port, settings: ["upload_windows": [window]])
            defer { try? FileManager.default.removeItem(at: world.root) }
            try await TestApp.serve(router, port: port) { _ in
                try await world.enroll(orgId: orgId, key: key)
                let doctor = try await AgentEnrollTests.agent(["doctor", "--json", "--config", world.config.path])
                #expect(doctor.status == 0, "\(doctor.stdout) \(doctor.stderr)")
                let checks = try JSONDecoder().decode([[String: String]].self, from: Data(doctor.stdout.utf8))
                let byName = Dictionary(checks.map { ($0["name"] ?? "", $0["status"] ?? "") }, uniquingKeysWith: { first, _ in first })
                #expect(byName["backend"] == "ok" && byName["clock"] == "ok" && byName["token"] == "ok" && byName["state_dir"] == "ok", "\(checks)")

                let agent = try world.startAgent()
                defer { agent.stop() }
                _ = try Self.dropPhotos(3, prefix: "W", seed: 9400, in: world.watch.appendingPathComponent("STK-55"))
                var backlog = try await world.backlog()
                let deadline = Date().addingTimeInterval(20)
                while Date() < deadline && backlog.total < 3 {
                    try await Task.sleep(for: .milliseconds(500))
                    backlog = try await world.backlog()
                }
                try await Task.sleep(for: .seconds(2))
                let status = try await world.status()
                #expect(status["upload_window"]?.stringValue == "closed")
                guard case .object(let queue)? = status["queue"] else { Issue.record("\(status)"); return }
                #expect(queue["qc_done"] == .number(3), "QC ran; the uploads wait for the window: \(queue)")
                #expect(try await world.sessions().isEmpty, "nothing reached the backend")

                let list = try await AgentEnrollTests.agent(["queue", "list", "--json", "--config", world.config.path])
                let items = try JSONDecoder().decode([[String: JSONValue]].self, from: Data(list.stdout.utf8))
                #expect(items.count == 3)
                let first = try #require(items.first?["id"]?.stringValue)
                let forget = try await AgentEnrollTests.agent(["queue", "forget", String(first.prefix(8)), "--config", world.config.path])
                #expect(forget.status == 0 && forget.stdout.contains("forgot"), "\(forget.stderr)")
                let unknown = try await AgentEnrollTests.agent(["queue", "retry", "ffffffff", "--config", world.config.path])
                #expect(unknown.status == 2 && unknown.stderr.contains("no queued item"))
                #expect(try await world.backlog().total == 2)
            }
            // The backend is gone: doctor says so and exits 1.
            let offline = try await AgentEnrollTests.agent(["doctor", "--config", world.config.path])
            #expect(offline.status == 1)
            #expect(offline.stdout.contains("FAIL  backend"), "\(offline.stdout)")
        }
    }
}
