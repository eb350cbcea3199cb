import AgentCore
import Foundation
import Glibc
import RelayAPI
import Testing
import TestSupport

/// Issue 23 item 1: writers that pause mid-file for 5 s — far longer than the tests' `settle_seconds`
/// (0.3 s) — like a camera on slow Wi-Fi FTP, a stalled SMB copy or a recorder between chunks. The agent
/// must take each file once, whole.
extension AgentRunTests {
    /// How long a paused writer pauses.
    static let writerPause: Duration = .seconds(5)

    /// Writes `data` to `url` in two halves with `writerPause` between them. With `keepOpen` the writer
    /// holds the file open for writing throughout (a local writer); without, it closes it during the pause
    /// (a writer on another machine: nothing on this one has it open).
    static func writePaused(_ data: Data, to url: URL, keepOpen: Bool, split: Int? = nil) async throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let half = split ?? data.count / 2
        FileManager.default.createFile(atPath: url.path, contents: nil)
        var handle = try FileHandle(forWritingTo: url)
        try handle.write(contentsOf: data.prefix(half))
        if !keepOpen { try handle.close() }
        try await Task.sleep(for: writerPause)
        if !keepOpen {
            handle = try FileHandle(forWritingTo: url)
            try handle.seekToEnd()
        }
        try handle.write(contentsOf: data.dropFirst(half))
        try handle.close()
    }

    /// Waits until nothing is pending and at least `items` are in the queue; returns the backlog.
    static func settledBacklog(_ world: AgentWorld, atLeast items: Int, within seconds: Double) async throws
        -> (pending: Int, events: Int, rejected: Int, total: Int)
    {
        let deadline = Date().addingTimeInterval(seconds)
        var backlog = try await world.backlog()
        while Date() < deadline {
            backlog = try await world.backlog()
            if backlog.total >= items && backlog.pending == 0 && backlog.events == 0 { break }
            try await Task.sleep(for: .milliseconds(500))
        }
        return backlog
    }

    @Test("a photo written half, paused 5 s, then finished: three frames, three images with the whole files' SHA-256, angles in order, no truncated frame")
    func pausedPhotoWriter() async throws {
        let port = freeLoopbackPort()
        try await TestApp.with("postgres", extra: try Self.configuration(port: port)) { services, router in
            let (world, key, orgId) = try await AgentWorld.make(
                services: services, port: port, settings: ["unverified_settle_seconds": 20])
            defer { try? FileManager.default.removeItem(at: world.root) }
            try await TestApp.serve(router, port: port) { _ in
                try await world.enroll(orgId: orgId, key: key)
                let agent = try world.startAgent()
                defer { agent.stop() }
                let folder = world.watch.appendingPathComponent("STK-2301")
                let photos = try (0..<3).map { try TestPhotos.jpeg(width: 800, height: 600, seed: 2300 + $0) }
                let names = ["IMG_0001.jpg", "IMG_0002.jpg", "IMG_0003.jpg"]
                try AgentWorld.drop(photos[0], as: names[0], in: folder)
                // The second frame arrives from a writer on another machine that stalls half-way.
                try await Self.writePaused(photos[1], to: folder.appendingPathComponent(names[1]), keepOpen: false)
                try AgentWorld.drop(photos[2], as: names[2], in: folder)

                let backlog = try await Self.settledBacklog(world, atLeast: 3, within: 120)
                #expect(backlog.total == 3 && backlog.rejected == 0, "\(backlog)\n\(world.agentLog.suffix(3000))")
                let session = try #require(try await world.sessions().first?["id"]?.stringValue)
                let images = try await world.images(session: session)
                #expect(images.count == 3, "one image per frame")
                var byName: [String: [String: JSONValue]] = [:]
                for image in images { if let name = image["file_name"]?.stringValue { byName[name] = image } }
                for (index, name) in names.enumerated() {
                    let image = try #require(byName[name], "\(name) missing: \(images)")
                    #expect(image["content_sha256"]?.stringValue == AgentWorld.sha256(photos[index]), "\(name): the whole file's bytes")
                    #expect(try await world.storedSHA256(key: try #require(image["storage_key"]?.stringValue)) == AgentWorld.sha256(photos[index]))
                    let angle = try #require(image["angle_deg"].flatMap { if case .number(let a) = $0 { a } else { nil } })
                    #expect(abs(angle - Double(index) * 1.8) < 0.001, "\(name) has angle \(angle): it keeps its place in the turn")
                }
                #expect(!world.agentLog.contains("changed after it was queued"), "the prefix was never queued")
            }
        }
    }

    @Test("recordings written half, paused 5 s, then finished — an MKV closed during the pause, an MP4 held open: one asset per camera with the complete bytes, nothing rejected")
    func pausedRecordingWriters() async throws {
        let port = freeLoopbackPort()
        let recordings = try TestEnvironment.temporaryDirectory("agent-paused-recordings")
        defer { try? FileManager.default.removeItem(at: recordings) }
        var backend = try Self.configuration(port: port)
        backend["multicam_min_part_mib"] = "5"
        try await TestApp.with("postgres", extra: backend) { services, router in
            let (world, key, orgId) = try await AgentWorld.make(
                services: services, port: port,
                settings: ["recording_folders": [recordings.path], "project_id": "church-main", "unverified_settle_seconds": 20])
            defer { try? FileManager.default.removeItem(at: world.root) }
            try await TestApp.serve(router, port: port) { _ in
                try await world.enroll(orgId: orgId, key: key)
                let agent = try world.startAgent()
                defer { agent.stop() }
                let session = recordings.appendingPathComponent("2026-12-06_Evening_service")
                func noise(_ count: Int) -> Data {
                    var words = (0..<(count / 8)).map { _ in UInt64.random(in: .min ... .max) }
                    return Data(bytes: &words, count: count / 8 * 8)
                }
                // Camera A: Matroska (no structural check) from a writer elsewhere, closed during its pause.
                let wide = noise(12 << 20)
                // Camera B: an MP4 whose recorder keeps it open while it pauses between chunks.
                let payload = noise(11 << 20)
                let pulpit = ISOBMFFBytes.header(totalSize: Int64(payload.count) + ISOBMFFBytes.headerLength + 8) + payload + ISOBMFFBytes.moov
                async let a: Void = Self.writePaused(wide, to: session.appendingPathComponent("A_wide.mkv"), keepOpen: false)
                async let b: Void = Self.writePaused(pulpit, to: session.appendingPathComponent("B/C0001.MP4"), keepOpen: true)
                _ = try await (a, b)

                // Until the whole files are in the queue (whatever became of them) and nothing is pending.
                let sizes: Set<Int64> = [Int64(wide.count), Int64(pulpit.count)]
                let deadline = Date().addingTimeInterval(180)
                while Date() < deadline {
                    let queued = Set(try await Self.queueItems(world).compactMap { item -> Int64? in
                        if case .number(let size)? = item["size"] { Int64(size) } else { nil }
                    })
                    if sizes.isSubset(of: queued) { break }
                    try await Task.sleep(for: .milliseconds(500))
                }
                let backlog = try await Self.settledBacklog(world, atLeast: 2, within: 120)
                #expect(backlog.total == 2 && backlog.rejected == 0, "\(backlog)\n\(world.agentLog.suffix(4000))")
                let list = try await AgentEnrollTests.agent(["queue", "list", "--json", "--config", world.config.path])
                #expect(!list.stdout.contains("already has another file"), "\(list.stdout.prefix(3000))")
                var found: [String: (size: Int64, key: String)] = [:]
                for item in try await Self.queueItems(world) {
                    guard let asset = item["asset_id"]?.stringValue.flatMap(UUID.init(uuidString:)),
                        let record = try await services.multicam.repository.asset(id: asset)
                    else { continue }
                    found[record.cameraLabel] = (record.sizeBytes, record.storageKey)
                }
                #expect(found.keys.sorted() == ["A", "B"], "\(found)\n\(world.agentLog.suffix(3000))")
                #expect(found["A"]?.size == Int64(wide.count) && found["B"]?.size == Int64(pulpit.count))
                if let a = found["A"] { #expect(try await world.storedSHA256(key: a.key) == AgentWorld.sha256(wide)) }
                if let b = found["B"] { #expect(try await world.storedSHA256(key: b.key) == AgentWorld.sha256(pulpit)) }
            }
        }
    }
}
