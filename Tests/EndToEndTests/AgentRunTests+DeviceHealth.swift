import AgentCore
import Foundation
import RelayAPI
import Testing
import TestSupport

extension AgentRunTests {
    /// Issue 19, device health: once the agent's queue has drained, its heartbeat reaches
    /// `GET /v1/admin/devices` as the device's health — the real agent's figures, not a test's.
    static func expectDrainedHealth(_ world: AgentWorld, qcFailureNamed fileName: Set<String>) async throws {
        let deviceId = try #require(try CredentialStore(stateDirectory: world.state).load()?.deviceId)
        var health: [String: JSONValue] = [:]
        var device: [String: JSONValue] = [:]
        let reported = try await eventually(within: 30) {
            guard case .array(let rows)? = try await world.adminGet("/v1/admin/devices")["data"] else { return false }
            for case .object(let row) in rows where row["id"]?.stringValue == deviceId {
                device = row
                if case .object(let figures)? = row["health"] { health = figures }
            }
            return health["queued"] == .number(0)
        }
        #expect(reported, "no heartbeat with an empty queue reached the backend: \(device)\n\(world.agentLog.suffix(2000))")
        guard reported else { return }
        #expect(device["status"]?.stringValue == "ok")
        #expect(health["version"]?.stringValue == RelayVersion.current)
        #expect(health["bytes_pending"] == .number(0) && health["oldest_pending_seconds"] == .null)
        #expect(health["upload_window_open"] == .bool(true))
        if case .number(let free)? = health["disk_free_bytes"] { #expect(free > 0) } else { Issue.record("no disk_free_bytes: \(health)") }
        // Agent and server share this machine's clock.
        if case .number(let skew)? = health["clock_skew_seconds"] { #expect(abs(skew) < 5, "\(skew)") } else { Issue.record("no clock skew: \(health)") }
        #expect(health["measured_at"]?.stringValue != nil && health["reported_at"]?.stringValue != nil)
        guard case .object(let failure)? = health["last_qc_failure"] else {
            Issue.record("no last QC failure: \(health)")
            return
        }
        #expect(fileName.contains(failure["file_name"]?.stringValue ?? ""), "\(failure)")
        #expect(!(failure["reason"]?.stringValue ?? "").isEmpty && failure["angle_deg"] != .null, "\(failure)")
    }
}
