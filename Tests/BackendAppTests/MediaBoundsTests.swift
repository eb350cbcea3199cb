import BackendApp
import BackendCore
import Foundation
import Testing
import TestSupport

/// Uploads that lie to ffmpeg fail after probing, with a reason naming the limit, before anything is
/// decoded; a playlist uploaded as a video never makes ffprobe or ffmpeg read the file it names; a tool
/// run past its time limit is killed with everything it started. Real ffmpeg, SQLite, local store.
@Suite("Media bounds", .serialized, .timeLimit(.minutes(3)))
struct MediaBoundsTests {
    struct Hostile: Sendable, CustomTestStringConvertible {
        let name: String
        let file: String
        let make: @Sendable (URL) async throws -> Void
        /// The configuration key the failure reason must name.
        let limit: String
        var testDescription: String { name }
    }

    static let hostile: [Hostile] = [
        Hostile(name: "two frames 10⁶ s apart", file: "gap.mp4", make: { try await HostileMedia.timestampGap($0) }, limit: "media_max_duration_seconds"),
        Hostile(
            name: "a 16000×16000 header claim", file: "claim.avi", make: { try await HostileMedia.pictureSizeClaim($0, width: 16000, height: 16000) },
            limit: "media_max_pixels"),
        Hostile(name: "300 frames per second", file: "fast.mp4", make: { try await HostileMedia.frameRate($0, fps: 300) }, limit: "media_max_fps"),
        Hostile(name: "18 streams", file: "many.mkv", make: { try await HostileMedia.manyStreams($0, audioStreams: 17) }, limit: "media_max_streams"),
    ]

    @Test("a video over a limit fails at once with a reason naming the limit; nothing is encoded or queued", arguments: hostile)
    func videoOverLimit(_ input: Hostile) async throws {
        let folder = try TestEnvironment.temporaryDirectory("relay-hostile")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent(input.file)
        try await input.make(file)
        try await TestApp.with("sqlite") { services, _ in
            let (video, error) = try await MediaJobHarness.processVideo(services, file)
            #expect(video.state == .failed)
            #expect(video.failureReason?.contains(input.limit) == true, "\(video.failureReason ?? "no reason")")
            #expect(video.manifest == nil && video.renditions.isEmpty)
            #expect(error is PermanentJobFailure, "refused for good, not retried: \(String(describing: error))")
            #expect(try await services.jobQueue.counts()[.queued, default: 0] == 0, "no ladder job queued")
        }
    }

    @Test("a camera file whose timestamps jump fails its ingestion at once (the constant-rate filter never runs)")
    func cameraFileOverLimit() async throws {
        let folder = try TestEnvironment.temporaryDirectory("relay-hostile")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("gap.mp4")
        try await HostileMedia.timestampGap(file)
        try await TestApp.with("sqlite") { services, _ in
            let (asset, error, events) = try await MediaJobHarness.ingestAsset(services, file)
            #expect(asset.status == .failed && asset.errorCode == "INGESTION_FAILED")
            #expect(asset.errorMessage?.contains("media_max_duration_seconds") == true, "\(asset.errorMessage ?? "no message")")
            #expect(asset.derivatives.isEmpty)
            #expect(error is PermanentJobFailure, "\(String(describing: error))")
            #expect(events.last?.contains("asset.failed") == true)
        }
    }

    @Test("a playlist uploaded as a video or camera file is refused without reading the file it names", arguments: ["m3u8", "ffconcat"])
    func disguisedPlaylist(format: String) async throws {
        let folder = try TestEnvironment.temporaryDirectory("relay-hostile")
        defer { try? FileManager.default.removeItem(at: folder) }
        let secret = folder.appendingPathComponent("secret.ts")
        try await TestVideos.make(secret, seconds: 2, width: 160, height: 90)
        let upload = folder.appendingPathComponent("holiday.mp4")
        if format == "m3u8" {
            try HostileMedia.playlist(upload, pointingAt: secret)
        } else {
            try HostileMedia.concatList(upload, pointingAt: secret)
        }
        let watch = try ReadWatch(secret)
        try await TestApp.with("sqlite") { services, _ in
            let (video, error) = try await MediaJobHarness.processVideo(services, upload)
            #expect(video.state == .failed, "the playlist's target became the video")
            #expect(video.failureReason?.contains("not accepted") == true, "\(video.failureReason ?? "no reason")")
            #expect(video.manifest == nil && video.renditions.isEmpty)
            #expect(error is PermanentJobFailure, "\(String(describing: error))")

            let (asset, _, _) = try await MediaJobHarness.ingestAsset(services, upload)
            #expect(asset.status == .failed && asset.derivatives.isEmpty)
            #expect(asset.errorMessage?.contains("not accepted") == true, "\(asset.errorMessage ?? "no message")")
        }
        if watch.canDetectReads {
            #expect(!watch.wasRead, "ffprobe or ffmpeg opened \(secret.lastPathComponent)")
        }
    }

    @Test("an ffmpeg run past its time limit is killed with the processes it started, and the video fails")
    func toolTimeout() async throws {
        try await MediaJobHarness.withClip { folder, clip in
            // An "ffmpeg" that never finishes and has a child of its own; it records both pids.
            let pids = folder.appendingPathComponent("pids")
            let stuck = folder.appendingPathComponent("stuck-ffmpeg")
            try Data("#!/bin/sh\nsleep 1000 &\necho $$ $! > '\(pids.path)'\nwait\n".utf8).write(to: stuck)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: stuck.path)
            let limits = ["ffmpeg_path": stuck.path, "media_tool_timeout_min_seconds": "3", "media_tool_timeout_factor": "1"]
            try await TestApp.with("sqlite", extra: limits) { services, _ in
                let (video, error) = try await MediaJobHarness.processVideo(services, clip)
                #expect(video.state == .failed)
                #expect(video.failureReason?.contains("took longer") == true, "\(video.failureReason ?? "no reason")")
                #expect(error is PermanentJobFailure, "\(String(describing: error))")
            }
            let started = try String(contentsOf: pids, encoding: .utf8).split(separator: " ").compactMap {
                Int32($0.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            #expect(started.count == 2)
            for pid in started {
                #expect(!ProcessState.isRunning(pid), "process \(pid) outlived the timeout")
            }
        }
    }
}
