import AgentCore
import BackendApp
import BackendCore
import Foundation
import RelayAPI
import Testing
import TestSupport

/// An upload window that closes while a recording is half-way up: the agent stops between parts, keeps
/// what the store holds, and after a restart with other windows sends only the rest — against the live
/// backend on PostgreSQL + SeaweedFS.
@Suite("relay-agent run: the upload window closes mid-transfer", .enabled(if: CaptureEndToEndTests.s3Available))
struct AgentUploadWindowTests {
    /// `HH:MM` in local time, as the agent reads windows.
    static func clock(_ date: Date) -> String {
        let parts = Calendar.current.dateComponents([.hour, .minute], from: date)
        return String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
    }

    @Test("parts stop at the window's end; the stored ones are never sent again; a restart applies the new windows at once")
    func windowClosesBetweenParts() async throws {
        let port = freeLoopbackPort()
        let recordings = try TestEnvironment.temporaryDirectory("agent-window")
        defer { try? FileManager.default.removeItem(at: recordings) }
        var backend = try AgentRunTests.configuration(port: port)
        backend["multicam_min_part_mib"] = "5"
        try await TestApp.with("postgres", extra: backend) { services, router in
            // The window closes at a minute boundary 25–85 s from now; at 1 MB/s the 100 MiB file needs
            // ~105 s, so it is part-way up when the window closes.
            let now = Date()
            let minuteEnd = try #require(Calendar.current.dateInterval(of: .minute, for: now)).end
            let close = minuteEnd.timeIntervalSince(now) < 25 ? minuteEnd.addingTimeInterval(60) : minuteEnd
            let window = "\(Self.clock(close.addingTimeInterval(-600)))-\(Self.clock(close))"
            let (world, key, orgId) = try await AgentWorld.make(
                services: services, port: port,
                settings: [
                    "recording_folders": [recordings.path], "project_id": "church-main", "upload_windows": [window],
                    "bandwidth_limit_bytes_per_second": 1_000_000,
                ])
            defer { try? FileManager.default.removeItem(at: world.root) }
            try await TestApp.serve(router, port: port) { _ in
                try await world.enroll(orgId: orgId, key: key)
                let sha = try AgentMultipartTests.writeCameraFile(
                    recordings.appendingPathComponent("2026-11-23_Evening_prayer/A_wide.mp4"), size: 100 << 20)
                let first = try world.startAgent()
                let transfer = try await AgentMultipartTests.waitForProgress(world, agent: first, fraction: 0.01, within: 60)
                let partCount = try #require(transfer["part_count"].flatMap(AgentMultipartTests.int))
                #expect(partCount == 20, "100 MiB in 5 MiB parts")
                #expect(Date() < close, "the first part was stored before the window closed")

                // The part in flight at the close finishes (≤ 6 s at 1 MB/s); then the agent stops.
                let closedLine = "the upload window closed with "
                let deadline = close.addingTimeInterval(30)
                while Date() < deadline, !world.agentLog.contains(closedLine) { try await Task.sleep(for: .milliseconds(500)) }
                let stoppedAt = Date()
                #expect(world.agentLog.contains(closedLine), "\(world.agentLog.suffix(2000))")
                #expect(stoppedAt.timeIntervalSince(close) < 12, "stopped \(stoppedAt.timeIntervalSince(close)) s after the close")
                let assetId = try #require(transfer["asset_id"]?.stringValue.flatMap(UUID.init(uuidString:)))
                let asset = try #require(try await services.multicam.repository.asset(id: assetId))
                let held = try await AgentMultipartTests.acceptedParts(world, session: asset.sessionId, asset: assetId)
                #expect(!held.isEmpty && held.count < partCount, "part-way: \(held.count) of \(partCount)")
                try await Task.sleep(for: .seconds(7))
                #expect(try await AgentMultipartTests.acceptedParts(world, session: asset.sessionId, asset: assetId) == held, "nothing sent after the close")
                let status = try await world.status()
                #expect(status["upload_window"]?.stringValue == "closed", "\(status)")
                #expect(try await world.backlog().pending == 1)
                first.terminate()
                first.waitUntilExit()

                // The operator opens the window (no windows, no cap) and restarts: the rest goes at once.
                var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: world.config)) as? [String: Any])
                object["upload_windows"] = nil
                object["bandwidth_limit_bytes_per_second"] = nil
                try JSONSerialization.data(withJSONObject: object).write(to: world.config)
                let logBefore = world.agentLog.count
                let second = try world.startAgent()
                defer { second.terminate(); second.waitUntilExit() }
                #expect(try await AgentRunTests.drained(world, items: 1, within: 120), "\(world.agentLog.suffix(3000))")
                let log = String(world.agentLog.dropFirst(logBefore))
                #expect(log.contains("1 queued files were waiting for an upload window"), "\(log.prefix(2000))")
                let resent = AgentMultipartTests.partsSent(in: log)
                #expect(resent.isDisjoint(with: held), "stored parts sent again: \(resent.intersection(held).sorted())")
                #expect(resent.union(held) == Set(1...partCount))
                let stored = try #require(try await services.multicam.repository.asset(id: assetId))
                #expect(try await world.storedSHA256(key: stored.storageKey) == sha)
                print("upload window: closed \(Self.clock(close)); \(held.count) of \(partCount) parts before, \(resent.count) after the restart")
            }
        }
    }
}
