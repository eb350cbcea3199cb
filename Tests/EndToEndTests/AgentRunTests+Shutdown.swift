import AgentCore
import Foundation
import Glibc
import RelayAPI
import Testing
import TestSupport

extension AgentRunTests {
    @Test("SIGTERM during an upload: exit status 0 within 5 s, the item left as it was; the next start resumes it and the backend has the photo once")
    func sigtermDuringUpload() async throws {
        let port = freeLoopbackPort()
        let photo = try TestPhotos.jpeg(width: 1600, height: 1200, seed: 4242)
        // A cap that makes the photo's PUT take ~12 s, so SIGTERM lands while it is in flight.
        let limit = max(16_384, photo.count / 12)
        try await TestApp.with("postgres", extra: try Self.configuration(port: port)) { services, router in
            let (world, key, orgId) = try await AgentWorld.make(
                services: services, port: port, settings: ["bandwidth_limit_bytes_per_second": limit])
            defer { try? FileManager.default.removeItem(at: world.root) }
            try await TestApp.serve(router, port: port) { _ in
                try await world.enroll(orgId: orgId, key: key)
                let agent = try world.startAgent()
                defer { agent.stop() }
                try AgentWorld.drop(photo, as: "BIG_0001.jpg", in: world.watch.appendingPathComponent("STK-5150"))

                // Presigned: the next step is the PUT; a second later it is under way.
                let deadline = Date().addingTimeInterval(90)
                var state = ""
                while Date() < deadline && state != "presigned" {
                    try await Task.sleep(for: .milliseconds(200))
                    state = try await Self.queueItems(world).first?["state"]?.stringValue ?? ""
                }
                try #require(state == "presigned", "\(world.agentLog.suffix(3000))")
                try await Task.sleep(for: .seconds(1))

                let sent = ContinuousClock.now
                Glibc.kill(agent.processIdentifier, SIGTERM)
                while agent.isRunning && ContinuousClock.now - sent < .seconds(60) {
                    try await Task.sleep(for: .milliseconds(20))
                }
                let exitTime = ContinuousClock.now - sent
                print("relay-agent run: SIGTERM during an upload, exited in \(exitTime)")
                try #require(!agent.isRunning, "\(world.agentLog.suffix(3000))")
                #expect(agent.terminationReason == .exit && agent.terminationStatus == 0, "\(world.agentLog.suffix(3000))")
                #expect(exitTime < .seconds(5), "SIGTERM took \(exitTime)")
                // Set aside, not failed: still presigned, no failure counted, nothing acknowledged.
                let after = try #require(try await Self.queueItems(world).first)
                #expect(after["state"]?.stringValue == "presigned", "\(after)")
                #expect(after["failures"] == .number(0), "\(after)")

                // The next start resumes the upload.
                let second = try world.startAgent()
                defer { second.stop() }
                #expect(try await Self.drained(world, items: 1, within: 120), "\(world.agentLog.suffix(3000))")
                let sessions = try await world.sessions()
                #expect(sessions.count == 1)
                let images = try await world.images(session: try #require(sessions.first?["id"]?.stringValue))
                #expect(images.count == 1, "the photo once")
                let image = try #require(images.first)
                #expect(image["content_sha256"]?.stringValue == AgentWorld.sha256(photo))
                #expect(try await world.storedSHA256(key: try #require(image["storage_key"]?.stringValue)) == AgentWorld.sha256(photo))
                let types = try await world.eventTypes(entity: try #require(image["id"]?.stringValue))
                #expect(types.filter { $0 == "upload_complete" }.count == 1, "\(types)")
                #expect(types.filter { $0 == "upload_started" }.count == 1, "\(types)")
            }
        }
    }

    @Test("run refuses to start without an enrollment or with a missing watch folder: the reason, exit status 2")
    func startupErrors() async throws {
        let root = try TestEnvironment.temporaryDirectory("agent-startup")
        defer { try? FileManager.default.removeItem(at: root) }
        let watch = root.appendingPathComponent("capture"), state = root.appendingPathComponent("state")
        try FileManager.default.createDirectory(at: watch, withIntermediateDirectories: true)
        let config = root.appendingPathComponent("agent.json")
        try JSONSerialization.data(withJSONObject: ["state_dir": state.path, "watch_folders": [watch.path]] as [String: Any]).write(to: config)
        let unenrolled = try await AgentEnrollTests.agent(["run", "--config", config.path])
        #expect(unenrolled.status == 2)
        #expect(
            unenrolled.stderr.contains(
                "error: not enrolled: no \(state.appendingPathComponent("credentials.json").path). Run `relay-agent enroll` first."),
            "\(unenrolled.stderr)")

        // Credentials present (their content is not checked before the folders), a folder missing.
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        let credentials = DeviceCredentials(
            server: "http://127.0.0.1:9", orgId: "o", siteId: nil, deviceId: "d", privateKey: "", accessToken: "a",
            expiresAt: Date().addingTimeInterval(3600))
        try CredentialStore(stateDirectory: state).save(credentials)
        let missing = root.appendingPathComponent("not-there")
        try JSONSerialization.data(withJSONObject: ["state_dir": state.path, "watch_folders": [watch.path, missing.path]] as [String: Any]).write(to: config)
        let noFolder = try await AgentEnrollTests.agent(["run", "--config", config.path])
        #expect(noFolder.status == 2)
        #expect(noFolder.stderr.contains("error: watch folder \(missing.path) does not exist"), "\(noFolder.stderr)")
        #expect(!FileManager.default.fileExists(atPath: state.appendingPathComponent("queue.sqlite").path), "nothing opened")
    }

    /// `relay-agent queue list --json`.
    static func queueItems(_ world: AgentWorld) async throws -> [[String: JSONValue]] {
        let list = try await AgentEnrollTests.agent(["queue", "list", "--json", "--config", world.config.path])
        return (try? JSONDecoder().decode([[String: JSONValue]].self, from: Data(list.stdout.utf8))) ?? []
    }
}
