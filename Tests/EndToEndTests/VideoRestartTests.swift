import AsyncHTTPClient
import Foundation
import NIOCore
import Testing
import TestSupport

/// The real `relay-backend` killed while it encodes a video: after a restart the queued job is claimed
/// again when its lease lapses and the video still becomes READY, with no scratch files left.
@Suite("Video processing survives a backend restart", .serialized)
struct VideoRestartTests {
    @Test("SIGKILL during PROCESSING, restart → READY, ffprobe plays it")
    func restartDuringProcessing() async throws {
        try await withOwnHTTPClient { http in try await restartDuringProcessing(http) }
    }

    func restartDuringProcessing(_ http: HTTPClient) async throws {
        let cwd = try TestEnvironment.temporaryDirectory("relay-video-restart")
        defer { try? FileManager.default.removeItem(at: cwd) }
        let dataDir = try await VideoOperatorSetup.prepare(cwd: cwd)

        // MPEG-4 Part 2 is not HLS-playable as is: processing must encode, which takes long enough to kill.
        let clip = cwd.appendingPathComponent("service.avi")
        try await TestVideos.make(clip, seconds: 40, width: 1280, height: 720, codec: "mpeg4")

        let port = freeLoopbackPort()
        // The ladder-first path (no fast rendition), so the kill lands before READY.
        let environment = [
            "RELAY_WORKER_LEASE_SECONDS": "3", "RELAY_WORKER_POLL_MS": "100", "RELAY_HLS_LADDER": "720,480",
            "RELAY_HLS_X264_PRESET": "medium", "RELAY_HLS_FAST_HEIGHT": "none",
        ]
        let arguments = ["serve", "--port", "\(port)", "--data-dir", dataDir.path]
        var server = try await BackendProcess.startServer(arguments, cwd: cwd, port: port, environment: environment)
        defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }
        let base = "http://127.0.0.1:\(port)"

        let client = try await VideoOperatorSetup.client(base: base, http: http)

        let (status, videoId) = try await client.upload(clip, fileName: "service.avi")
        #expect(status == 201)
        let id = try #require(videoId)
        let seen = try await client.followStatus(id, timeout: .seconds(60)) { $0["state"] == "PROCESSING" }.messages.compactMap { $0["state"] }
        #expect(seen.last == "PROCESSING", "\(seen)")
        try await Task.sleep(for: .seconds(1))
        let work = dataDir.appendingPathComponent("work")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: work.path)) ?? []).count == 1, "ffmpeg is working when the server dies")
        kill(server.processIdentifier, SIGKILL)
        _ = try await BackendProcess.waitForExit(server, timeout: .seconds(10))

        server = try await BackendProcess.startServer(arguments, cwd: cwd, port: port, environment: environment)
        let after = try await client.followStatus(id, timeout: .seconds(300)).messages.compactMap { $0["state"] }
        #expect(after.first == "PROCESSING", "the state survived the restart: \(after)")
        #expect(after.last == "READY", "\(after)")
        let duration = try await TestVideos.probeDuration(base + "/v1/stream/\(id)/manifest", headers: client.ffmpegHeaders)
        #expect(abs(duration - 40) < 0.5, "\(duration)")
        let codec = try await TestVideos.probeVideoCodec(base + "/v1/stream/\(id)/720p.m3u8", headers: client.ffmpegHeaders)
        #expect(codec.split(separator: "\n").first == "h264", "\(codec)")
        #expect(await TestEnvironment.becomesEmpty(work), "scratch folder of the killed attempt removed")
        let log = try String(contentsOf: cwd.appendingPathComponent("server.log"), encoding: .utf8)
        #expect(log.contains("video playable (encoded)"))
        kill(server.processIdentifier, SIGTERM)
        #expect(try await BackendProcess.waitForExit(server, timeout: .seconds(30)) == 0)
    }
}
