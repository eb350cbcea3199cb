import AgentCore
import Crypto
import Foundation
import Glibc
import Testing
import TestSupport

/// Issue 23 item 2: a big file nobody has hashed yet is in a recording folder when the agent starts under
/// systemd. `READY=1` must not wait for its hash (a start timeout would kill the start and
/// `Restart=always` retry the same file forever), and SIGTERM during the hash must end the agent at once.
/// The agent runs as systemd runs it: `NOTIFY_SOCKET` names a datagram socket the test reads. The backend
/// is unreachable (intake works offline), so no services are needed.
@Suite("relay-agent run: start-up with a big unseen file", .serialized)
struct AgentStartupTests {
    static let fileSize: Int64 = 12 << 30

    @Test("a 12 GB sparse recording at start: READY=1 before its hash and no later than with an empty folder; SIGTERM while it is hashed: exit status 0 within 5 s")
    func readyBeforeHashingAndPromptStop() async throws {
        let root = try TestEnvironment.temporaryDirectory("agent-startup")
        defer { try? FileManager.default.removeItem(at: root) }
        let recordings = root.appendingPathComponent("recordings"), state = root.appendingPathComponent("state")
        let file = recordings.appendingPathComponent("2026-12-06_Sunday_service/A_wide.mp4")
        try Self.sparseMP4(file, size: Self.fileSize)
        // Copied in before the agent started: long settled.
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-600)], ofItemAtPath: file.path)
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        try CredentialStore(stateDirectory: state).save(
            DeviceCredentials(
                server: "http://127.0.0.1:9", orgId: "o", siteId: nil, deviceId: "d",
                privateKey: P256.Signing.PrivateKey().rawRepresentation.base64EncodedString(), accessToken: "a",
                expiresAt: Date().addingTimeInterval(3600)))
        let config = try Self.config(in: root, state: state, recordings: recordings)

        // The same start with nothing to hash, measured first: on two cores shared with the whole suite a
        // debug binary may take many seconds just to load, which is not what this test is about.
        let emptyRoot = root.appendingPathComponent("empty")
        let emptyRecordings = emptyRoot.appendingPathComponent("recordings"), emptyState = emptyRoot.appendingPathComponent("state")
        try FileManager.default.createDirectory(at: emptyRecordings, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: state, to: emptyState)
        let baseline = try await Self.timeToReady(config: try Self.config(in: emptyRoot, state: emptyState, recordings: emptyRecordings))

        let socket = try NotifySocket(directory: root)
        let log = root.appendingPathComponent("agent.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let agent = try Self.start(config: config, socket: socket, log: log)
        let started = ContinuousClock.now
        defer { if agent.isRunning { Glibc.kill(agent.processIdentifier, SIGKILL); agent.waitUntilExit() } }
        func agentLog() -> String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

        // systemd's start timeout: READY=1 must come while the 12 GB are still ahead, as soon as with nothing to hash.
        let ready = await socket.first("READY=1", within: 60).found
        let readyAfter = ContinuousClock.now - started
        print("relay-agent run: READY=1 after \(readyAfter) with a 12 GB unseen file, \(baseline) with an empty folder")
        try #require(ready, "no READY=1 within 60 s: \(agentLog().suffix(3000))")
        #expect(!agentLog().contains("queued \(file.path)"), "READY=1 waited for the hash: \(agentLog().suffix(3000))")
        #expect(readyAfter < baseline + .seconds(5), "READY=1 took \(readyAfter), \(baseline) without the file: \(agentLog().suffix(3000))")

        // SIGTERM while the file is hashed.
        let hashing = "hashing \(file.path)"
        let deadline = ContinuousClock.now + .seconds(30)
        while !agentLog().contains(hashing), agent.isRunning, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        try #require(agentLog().contains(hashing), "\(agentLog().suffix(3000))")
        try await Task.sleep(for: .milliseconds(500))
        try #require(!agentLog().contains("queued \(file.path)"), "hashed already: the file is too small to test this")
        let sent = ContinuousClock.now
        Glibc.kill(agent.processIdentifier, SIGTERM)
        while agent.isRunning, ContinuousClock.now - sent < .seconds(120) { try await Task.sleep(for: .milliseconds(20)) }
        let exitTime = ContinuousClock.now - sent
        print("relay-agent run: SIGTERM while hashing a 12 GB file, exited in \(exitTime)")
        try #require(!agent.isRunning)
        #expect(agent.terminationReason == .exit && agent.terminationStatus == 0, "\(agentLog().suffix(3000))")
        #expect(exitTime < .seconds(5), "SIGTERM during the hash took \(exitTime)")
        #expect(!agentLog().contains("queued \(file.path)"), "nothing queued from a cancelled hash")
    }

    /// A recordings box's config, with `settle_seconds` short.
    static func config(in root: URL, state: URL, recordings: URL) throws -> URL {
        let config = root.appendingPathComponent("agent.json")
        try JSONSerialization.data(withJSONObject: [
            "state_dir": state.path, "recording_folders": [recordings.path], "project_id": "church-main", "settle_seconds": 0.3,
        ] as [String: Any]).write(to: config)
        return config
    }

    /// `relay-agent run` as systemd starts a `Type=notify` service: `NOTIFY_SOCKET` set, output to `log`.
    static func start(config: URL, socket: NotifySocket, log: URL) throws -> Process {
        let agent = Process()
        agent.executableURL = AgentQCCommandTests.executable
        agent.arguments = ["run", "--config", config.path]
        agent.environment = BackendProcess.cleanEnvironment().merging(["NOTIFY_SOCKET": socket.path]) { $1 }
        let output = try FileHandle(forWritingTo: log)
        agent.standardOutput = output
        agent.standardError = output
        try agent.run()
        return agent
    }

    /// How long a start with `config` takes to send `READY=1` (then the agent is stopped).
    static func timeToReady(config: URL) async throws -> Duration {
        let folder = config.deletingLastPathComponent()
        let socket = try NotifySocket(directory: folder)
        let log = folder.appendingPathComponent("agent.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let agent = try start(config: config, socket: socket, log: log)
        let started = ContinuousClock.now
        defer { agent.stop() }
        let ready = await socket.first("READY=1", within: 60).found
        try #require(ready, "no READY=1 within 60 s with an empty folder")
        return ContinuousClock.now - started
    }

    /// A structurally whole MP4 (`ftyp`, an `mdat` with a 64-bit size, `moov`) of `size` bytes, sparse:
    /// only its first and last bytes are on disk.
    static func sparseMP4(_ url: URL, size: Int64) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.write(contentsOf: ISOBMFFBytes.header(totalSize: size))
        try handle.truncate(atOffset: UInt64(size - 8))
        try handle.seek(toOffset: UInt64(size - 8))
        try handle.write(contentsOf: ISOBMFFBytes.moov)
    }
}

/// The boxes that make a payload a structurally whole MP4: `ftyp` and an `mdat` header (32 bytes) before
/// it, an empty `moov` (8 bytes) after it.
enum ISOBMFFBytes {
    static let headerLength: Int64 = 32
    static let moov = Data([0, 0, 0, 8]) + Data("moov".utf8)

    /// `ftyp` (16 bytes) and an `mdat` header with a 64-bit size (16 bytes) for a file of `totalSize`.
    static func header(totalSize: Int64) -> Data {
        let mdatSize = UInt64(totalSize - 16 - Int64(moov.count))
        var data = Data([0, 0, 0, 16]) + Data("ftypisom".utf8) + Data([0, 0, 2, 0])
        data += Data([0, 0, 0, 1]) + Data("mdat".utf8)
        data += withUnsafeBytes(of: mdatSize.bigEndian) { Data($0) }
        return data
    }
}
