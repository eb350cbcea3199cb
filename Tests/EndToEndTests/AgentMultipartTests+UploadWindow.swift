import AgentCore
import AsyncHTTPClient
import BackendApp
import BackendCore
import Foundation
import NIOCore
import RelayAPI
import Testing
import TestSupport

/// An upload window that closes while a recording is part-way up: the agent stops between parts, keeps
/// what the store holds, and after a restart with other windows sends only the rest — a stale part
/// found on the store is sent again — then deletes the file once every part checks out. Against the live
/// backend on PostgreSQL + SeaweedFS, in the serialized multipart suite.
extension AgentMultipartTests {
    /// `HH:MM` in local time, as the agent reads windows.
    static func clock(_ date: Date) -> String {
        let parts = Calendar.current.dateComponents([.hour, .minute], from: date)
        return String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
    }

    @Test("parts stop at the window's end and are never sent again; a restart applies new windows; a stale part is replaced; then the file is deleted")
    func windowClosesBetweenParts() async throws {
        try await Self.withRecordingWorld("agent-window", settings: ["bandwidth_limit_bytes_per_second": 1_000_000, "delete_originals_after_hours": 0]) { services, world, recordings in
            let file = recordings.appendingPathComponent("2026-11-23_Evening_prayer/A_wide.mp4")
            let fileSize: Int64 = 150 << 20
            let sha = try Self.writeCameraFile(file, size: fileSize)

            // The window closes at a minute boundary 40–100 s after the agent starts; at 1 MB/s the
            // 150 MiB file needs ~157 s, so it is part-way up then.
            let now = Date()
            let minuteEnd = try #require(Calendar.current.dateInterval(of: .minute, for: now)).end
            let close = minuteEnd.timeIntervalSince(now) < 40 ? minuteEnd.addingTimeInterval(60) : minuteEnd
            var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: world.config)) as? [String: Any])
            object["upload_windows"] = ["\(Self.clock(close.addingTimeInterval(-600)))-\(Self.clock(close))"]
            try JSONSerialization.data(withJSONObject: object).write(to: world.config)
            let first = try world.startAgent()
            defer { first.stop() }
            let transfer = try await Self.waitForProgress(world, agent: first, fraction: 0.01, within: 60)
            let partCount = try #require(transfer["part_count"].flatMap(Self.int))
            #expect(partCount == 30, "150 MiB in 5 MiB parts")
            #expect(Date() < close, "the first part was stored before the window closed")

            // The part in flight at the close finishes (~5 s at 1 MB/s); then the agent stops.
            let closedLine = "the upload window closed with "
            while Date() < close.addingTimeInterval(45), !world.agentLog.contains(closedLine) { try await Task.sleep(for: .milliseconds(500)) }
            #expect(world.agentLog.contains(closedLine), "\(world.agentLog.suffix(2000))")
            #expect(Date().timeIntervalSince(close) < 30, "stopped \(Date().timeIntervalSince(close)) s after the close")
            let assetId = try #require(transfer["asset_id"]?.stringValue.flatMap(UUID.init(uuidString:)))
            let asset = try #require(try await services.multicam.repository.asset(id: assetId))
            let held = try await Self.acceptedParts(world, session: asset.sessionId, asset: assetId)
            #expect(!held.isEmpty && held.count < partCount, "part-way: \(held.count) of \(partCount)")
            try await Task.sleep(for: .seconds(7))
            #expect(try await Self.acceptedParts(world, session: asset.sessionId, asset: assetId) == held, "nothing sent after the close")
            let status = try await world.status()
            #expect(status["upload_window"]?.stringValue == "closed", "\(status)")
            #expect(try await world.backlog().pending == 1)
            first.stop()

            // Someone else's bytes land in the last part (another uploader of the same camera file).
            let stale = partCount
            try await Self.putStalePart(world, session: asset.sessionId, file: file, size: fileSize, part: stale, partSize: 5 << 20)
            #expect(try await Self.acceptedParts(world, session: asset.sessionId, asset: assetId).contains(stale))

            // The operator opens the window (no windows, no cap) and restarts: the rest goes at once.
            object["upload_windows"] = nil
            object["bandwidth_limit_bytes_per_second"] = nil
            try JSONSerialization.data(withJSONObject: object).write(to: world.config)
            let logBefore = world.agentLog.count
            let second = try world.startAgent()
            defer { second.stop() }
            #expect(try await AgentRunTests.drained(world, items: 1, within: 120), "\(world.agentLog.suffix(3000))")
            let log = String(world.agentLog.dropFirst(logBefore))
            #expect(log.contains("1 queued files were waiting for an upload window"), "\(log.prefix(2000))")
            #expect(log.contains("the store's part \(stale) holds other bytes; sending it again"), "\(log.prefix(3000))")
            let resent = Self.partsSent(in: log)
            #expect(resent.isDisjoint(with: held), "stored parts sent again: \(resent.intersection(held).sorted())")
            #expect(resent.union(held) == Set(1...partCount) && resent.contains(stale))
            let stored = try #require(try await services.multicam.repository.asset(id: assetId))
            #expect(try await world.storedSHA256(key: stored.storageKey) == sha, "the stale part did not make it into the recording")

            // Every part checks out against SeaweedFS's MD5 ETags: the file goes.
            for _ in 0..<40 where FileManager.default.fileExists(atPath: file.path) { try await Task.sleep(for: .milliseconds(500)) }
            #expect(!FileManager.default.fileExists(atPath: file.path), "\(world.agentLog.suffix(2000))")
            print("upload window: closed \(Self.clock(close)); \(held.count) of \(partCount) parts before, \(resent.count) after the restart (part \(stale) replaced)")
        }
    }

    /// Puts `part` of the camera file's open upload with other bytes of the right length, through a
    /// grant an admin of the org asks for.
    static func putStalePart(_ world: AgentWorld, session: UUID, file: URL, size: Int64, part: Int, partSize: Int64) async throws {
        let client = MulticamClient(base: world.base, token: world.adminToken)
        let grant = try await client.call(.POST, "/v2/sessions/\(session.uuidString.lowercased())/assets/init-upload", json: [
            "cameraLabel": "A", "filename": file.lastPathComponent, "contentType": "video/mp4", "sizeBytes": size,
        ])
        #expect(grant.status == 200, "\(grant.object)")
        let parts = try #require(grant.object["parts"] as? [[String: Any]])
        let url = try #require(parts.first { $0["partNumber"] as? Int == part }?["uploadUrl"] as? String)
        let length = Int(min(partSize, size - Int64(part - 1) * partSize))
        var request = HTTPClientRequest(url: url)
        request.method = .PUT
        request.body = .bytes(ByteBuffer(repeating: 0x5A, count: length))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        _ = try await response.body.collect(upTo: 1 << 20)
        #expect(response.status == .ok, "stale part \(part)")
    }
}
