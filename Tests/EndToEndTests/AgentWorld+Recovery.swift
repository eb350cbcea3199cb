import AgentCore
import AsyncHTTPClient
import Foundation
import NIOCore
import RelayAPI
import Testing
import TestSupport

/// What the issue 23 tests (recoverable answers, tokens, clocks) do to a world beyond what `AgentWorld` does.
extension AgentWorld {
    /// Completes a capture session as the org's admin (`PATCH /v1/sessions/{id}`), as an operator closing
    /// a car's shoot does.
    func completeSession(_ id: String) async throws {
        var request = HTTPClientRequest(url: base + "/v1/sessions/\(id)")
        request.method = .PATCH
        request.headers.add(name: "Authorization", value: "Bearer \(adminToken)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: #"{"status":"complete"}"#))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        #expect(response.status == .ok, "\(String(buffer: body))")
    }

    /// Queues photos while the backend is away: the agent takes and QCs them (`qc_done`), then stops.
    /// Returns their SHA-256s.
    func queueOffline(_ count: Int, prefix: String, seed: Int, folder: String) async throws -> Set<String> {
        let agent = try startAgent()
        defer { agent.stop() }
        let shas = try AgentRunTests.dropPhotos(count, prefix: prefix, seed: seed, in: watch.appendingPathComponent(folder))
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if case .object(let queue)? = try await status()["queue"], queue["qc_done"] == .number(Double(count)) { return shas }
            try await Task.sleep(for: .milliseconds(300))
        }
        Issue.record("the photos were not queued: \(agentLog.suffix(2000))")
        return shas
    }

    /// Makes the stored token due for a refresh (issued ten days ago, a day left: inside the 3-day margin),
    /// though the backend still takes it.
    func makeTokenDue(now: Date = Date()) throws {
        let store = CredentialStore(stateDirectory: state)
        var credentials = try #require(try store.load())
        credentials.issuedAt = now.addingTimeInterval(-10 * 86_400)
        credentials.expiresAt = now.addingTimeInterval(86_400)
        try store.save(credentials)
    }

    /// `sql` run by python3's sqlite3 on the agent's queue database; its printed output.
    func queueSQL(_ script: String) throws -> String {
        let result = try ProvisioningTests.sh(["python3", "-c", script, state.appendingPathComponent("queue.sqlite").path])
        #expect(result.status == 0, "\(result.output)")
        return result.output
    }

    /// Each queue row's `retry_at|failures|updated_at`, by id: two readings differ in the rows written between.
    func queueRows() throws -> [String: String] {
        let output = try queueSQL(
            "import sqlite3,sys\nfor r in sqlite3.connect(sys.argv[1]).execute('SELECT id, retry_at, failures, updated_at, state FROM uploads'): print('|'.join(map(str, r)))")
        var rows: [String: String] = [:]
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: "|", maxSplits: 1)
            if fields.count == 2 { rows[String(fields[0])] = String(fields[1]) }
        }
        return rows
    }

    /// The agent's `auth` status line.
    func auth() async throws -> String { try await status()["auth"]?.stringValue ?? "" }
}
