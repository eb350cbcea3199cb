import AsyncHTTPClient
import Foundation
import NIOCore
import Testing
import TestSupport

/// The real `relay-backend` killed while a video plays from its still-growing fast rendition: after the
/// restart the retried job encodes it again, the stored playlist never shrinks under a player, it closes,
/// and the ladder follows.
@Suite("Video fast rendition survives a backend restart", .serialized)
struct VideoFastRestartTests {
    @Test("SIGKILL while the fast rendition grows: after the restart it only grows, closes, plays to the end; the ladder follows")
    func restartWhileGrowing() async throws {
        try await withOwnHTTPClient { http in try await restartWhileGrowing(http) }
    }

    func restartWhileGrowing(_ http: HTTPClient) async throws {
        let cwd = try TestEnvironment.temporaryDirectory("relay-video-fast-restart")
        defer { try? FileManager.default.removeItem(at: cwd) }
        let dataDir = try await VideoOperatorSetup.prepare(cwd: cwd)

        let clip = cwd.appendingPathComponent("service.avi")
        try await TestVideos.make(clip, seconds: 30, width: 1280, height: 720, codec: "mpeg4")
        let port = freeLoopbackPort()
        // The fast rendition paced at real time here, so the kill lands while it grows.
        let environment = [
            "RELAY_WORKER_LEASE_SECONDS": "3", "RELAY_WORKER_POLL_MS": "100", "RELAY_HLS_LADDER": "240", "RELAY_HLS_SEGMENT_SECONDS": "2",
            "RELAY_HLS_FAST_READ_RATE": "1",
        ]
        let arguments = ["serve", "--port", "\(port)", "--data-dir", dataDir.path]
        var server = try await BackendProcess.startServer(arguments, cwd: cwd, port: port, environment: environment)
        defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }
        let base = "http://127.0.0.1:\(port)"
        let client = try await VideoOperatorSetup.client(base: base, http: http)

        let (status, videoId) = try await client.upload(clip, fileName: "service.avi")
        #expect(status == 201)
        let id = try #require(videoId)
        let states = try await client.followStatus(id, timeout: .seconds(120)).messages.compactMap { $0["state"] }
        #expect(states.last == "READY", "\(states)")
        let fastPath = "/v1/stream/\(id)/fast.m3u8"
        func segmentLines() async throws -> (lines: [Substring], closed: Bool) {
            let text = String(decoding: try await client.get(fastPath).body, as: UTF8.self)
            return (text.split(separator: "\n").filter { $0.hasPrefix("segment/") }, text.contains("#EXT-X-ENDLIST"))
        }
        let before = try await segmentLines()
        try #require(!before.closed && !before.lines.isEmpty, "the fast rendition was finished before the kill")
        var etags: [Substring: String] = [:]
        for line in before.lines { etags[line] = try await client.get("/v1/stream/\(id)/\(line)").headers["etag"] ?? "" }
        kill(server.processIdentifier, SIGKILL)
        _ = try await BackendProcess.waitForExit(server, timeout: .seconds(10))

        server = try await BackendProcess.startServer(arguments, cwd: cwd, port: port, environment: environment)
        var seen = before
        var shrank = false
        let deadline = ContinuousClock.now + .seconds(300)
        while !seen.closed, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
            let now = try await segmentLines()
            if now.lines.count < seen.lines.count || Array(now.lines.prefix(seen.lines.count)) != seen.lines { shrank = true }
            seen = now
        }
        print("fast rendition across a SIGKILL: \(before.lines.count) segments listed at the kill, \(seen.lines.count) when closed")
        #expect(seen.closed, "the fast rendition closes after the restart")
        #expect(!shrank, "the listed segments never shrank or changed under a player")
        for (line, etag) in etags {
            #expect(try await client.get("/v1/stream/\(id)/\(line)").headers["etag"] == etag, "\(line) kept its bytes across the restart")
        }
        let fastDuration = try await TestVideos.probeDuration(base + fastPath, headers: client.ffmpegHeaders)
        #expect(abs(fastDuration - 30) < 0.5, "fast rendition: \(fastDuration) s")

        let manifestDeadline = ContinuousClock.now + .seconds(300)
        var master = ""
        while ContinuousClock.now < manifestDeadline {
            master = String(decoding: try await client.get("/v1/stream/\(id)/manifest").body, as: UTF8.self)
            if master.contains("240p.m3u8") { break }
            try await Task.sleep(for: .milliseconds(300))
        }
        #expect(master.contains("240p.m3u8"), "\(master)")
        let duration = try await TestVideos.probeDuration(base + "/v1/stream/\(id)/manifest", headers: client.ffmpegHeaders)
        #expect(abs(duration - 30) < 0.5, "ladder: \(duration) s")
        #expect(await TestEnvironment.becomesEmpty(dataDir.appendingPathComponent("work")), "scratch folders removed")
        kill(server.processIdentifier, SIGTERM)
        #expect(try await BackendProcess.waitForExit(server, timeout: .seconds(30)) == 0)
    }
}
