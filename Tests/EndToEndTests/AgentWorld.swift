import AgentCore
import AsyncHTTPClient
import BackendApp
import BackendCore
import Crypto
import Foundation
import RelayAPI
import RelayClient
import Testing
import TestSupport

/// A live backend (in process: its database and blob store outlive pauses in serving, which is how the
/// tests take the backend "offline") and an enrolled `relay-agent` with a watch folder, run as a child
/// process so it can be SIGKILLed.
struct AgentWorld: Sendable {
    let services: AppServices
    let port: Int
    let base: String
    let adminToken: String
    let siteId: UUID
    let root: URL
    let watch: URL
    let state: URL
    let config: URL

    static func make(services: AppServices, port: Int, settings: [String: Any] = [:]) async throws -> (AgentWorld, enrollmentKey: String, orgId: UUID) {
        let admin = services.auth.admin
        let org = try await admin.createOrg(name: "Agent Org \(UUID().uuidString.prefix(6))")
        let site = try await admin.createSite(orgId: org.id, name: "Turntable")
        let email = "admin-\(UUID().uuidString.prefix(6))@example.com"
        _ = try await admin.createUser(orgId: org.id, email: email, name: "Admin", role: "admin", siteIds: [], password: "a good long password")
        let token = try await services.auth.login(LoginRequest(email: email, password: "a good long password")).accessToken
        let (_, secret) = try await admin.createEnrollmentKey(orgId: org.id, siteId: site.id, uses: 1, expiresIn: 3600)
        let root = try TestEnvironment.temporaryDirectory("agent-world")
        let watch = root.appendingPathComponent("capture"), state = root.appendingPathComponent("state")
        try FileManager.default.createDirectory(at: watch, withIntermediateDirectories: true)
        var object: [String: Any] = [
            "state_dir": state.path, "watch_folders": [watch.path], "settle_seconds": 0.3, "rescan_seconds": 5, "concurrency": 2,
            "heartbeat_seconds": 5, "session_mode": "studio360", "frame_count": 200,
            // Truncated and corrupt test files (no JPEG EOI) wait this long before they are taken as they are.
            "unverified_settle_seconds": 8,
        ]
        object.merge(settings) { $1 }
        let config = root.appendingPathComponent("agent.json")
        try JSONSerialization.data(withJSONObject: object).write(to: config)
        let world = AgentWorld(
            services: services, port: port, base: "http://127.0.0.1:\(port)", adminToken: token, siteId: site.id, root: root,
            watch: watch, state: state, config: config)
        return (world, secret, org.id)
    }

    /// `relay-agent enroll` (the backend must be serving).
    func enroll(orgId: UUID, key: String) async throws {
        let result = try await AgentEnrollTests.agent(
            // The backend is served in this test process, on two cores shared with the whole suite: give its
            // answer longer than the default 10 s.
            ["enroll", "--server", base, "--org", orgId.uuidString, "--state-dir", state.path, "--timeout", "120"],
            environment: ["RELAY_ENROLLMENT_KEY": key])
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// Starts `relay-agent run` (the debug build unless another binary is given), logging to `agent.log`
    /// in the world's folder; `environment` is added to the test's (e.g. a faked clock, `FakeClock`).
    /// - Parameter uid: run it as this user (and group) instead of the tests' own (root), as the
    ///   systemd unit runs it as `relay-agent`; the world's folders must be that user's.
    func startAgent(executable: URL = AgentQCCommandTests.executable, environment: [String: String] = [:], uid: UInt32? = nil) throws -> Process {
        let process = Process()
        if let uid {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=\(uid)", "--regid=\(uid)", "--clear-groups", executable.path, "run", "--config", config.path]
        } else {
            process.executableURL = executable
            process.arguments = ["run", "--config", config.path]
        }
        process.environment = BackendProcess.cleanEnvironment().merging(environment) { $1 }
        let log = root.appendingPathComponent("agent.log")
        if !FileManager.default.fileExists(atPath: log.path) { FileManager.default.createFile(atPath: log.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    var agentLog: String { (try? String(contentsOf: root.appendingPathComponent("agent.log"), encoding: .utf8)) ?? "" }

    /// `relay-agent status --json`.
    func status() async throws -> [String: JSONValue] {
        let result = try await AgentEnrollTests.agent(["status", "--json", "--config", config.path])
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONDecoder().decode([String: JSONValue].self, from: Data(result.stdout.utf8))
    }

    /// Items not yet acknowledged or rejected, and events still to post.
    func backlog() async throws -> (pending: Int, events: Int, rejected: Int, total: Int) {
        let status = try await status()
        guard case .object(let queue)? = status["queue"] else { return (Int.max, Int.max, 0, 0) }
        func count(_ key: String) -> Int { if case .number(let n)? = queue[key] { Int(n) } else { 0 } }
        let pending = ["discovered", "qc_done", "presigned", "uploaded"].map(count).reduce(0, +)
        let total = pending + count("acknowledged") + count("rejected")
        guard case .number(let events)? = status["events_to_post"] else { return (pending, Int.max, 0, total) }
        return (pending, Int(events), count("rejected"), total)
    }

    /// Writes a photo into a session folder the way tethering software does: a temp name, then a rename.
    static func drop(_ data: Data, as name: String, in folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let temp = folder.appendingPathComponent(".\(name).part")
        try data.write(to: temp)
        try FileManager.default.moveItem(at: temp, to: folder.appendingPathComponent(name))
    }

    static func sha256(_ data: Data) -> String { SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined() }

    // MARK: The backend's view

    var client: RelayClient { RelayClient(baseURL: base, accessToken: adminToken) }

    /// `GET path` as the org's admin, the answer as a JSON object (the tests read members loosely).
    func adminGet(_ path: String) async throws -> [String: JSONValue] {
        var request = HTTPClientRequest(url: base + path)
        request.headers.add(name: "Authorization", value: "Bearer \(adminToken)")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 16 << 20)
        let data = Data(body.readableBytesView)
        guard response.status == .ok else {
            throw RelayClientError.http(
                status: Int(response.status.code), envelope: try? JSONDecoder().decode(ErrorEnvelope.self, from: data), retryAfter: nil)
        }
        return try JSONDecoder().decode([String: JSONValue].self, from: data)
    }

    /// The site's sessions (id, vehicle stock/VIN).
    func sessions() async throws -> [[String: JSONValue]] {
        let page = try await adminGet("/v1/sessions?site_id=\(siteId.uuidString.lowercased())&limit=100")
        guard case .array(let rows)? = page["data"] else { return [] }
        return rows.compactMap { if case .object(let row) = $0 { row } else { nil } }
    }

    /// A session's images in detail (with `content_sha256` and `storage_key`).
    func images(session: String) async throws -> [[String: JSONValue]] {
        let page = try await adminGet("/v1/images?session_id=\(session)")
        guard case .array(let rows)? = page["data"] else { return [] }
        var details: [[String: JSONValue]] = []
        for case .object(let row) in rows {
            guard case .string(let id)? = row["id"] else { continue }
            details.append(try await adminGet("/v1/images/\(id)"))
        }
        return details
    }

    /// The event types logged for an entity.
    func eventTypes(entity: String) async throws -> [String] {
        let page = try await adminGet("/v1/events?entity_id=\(entity)")
        guard case .array(let rows)? = page["data"] else { return [] }
        return rows.compactMap { if case .object(let row) = $0, case .string(let type)? = row["type"] { type } else { nil } }
    }

    /// SHA-256 of a stored object, read back from the blob store.
    func storedSHA256(key: String) async throws -> String {
        var hasher = SHA256()
        for try await chunk in try await services.blobStore.read(key: try #require(BlobKey(key)), range: nil) {
            hasher.update(data: Data(chunk.readableBytesView))
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

extension JSONValue {
    var stringValue: String? { if case .string(let text) = self { text } else { nil } }
}
