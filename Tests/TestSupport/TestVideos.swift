import Foundation

/// Test clips made by the real ffmpeg at test time (test pattern + tone), so no media is committed.
package enum TestVideos {
    package struct FFmpegFailed: Error, CustomStringConvertible {
        package let description: String
    }

    /// Encodes `seconds` of `testsrc2` at `width`×`height` and `fps` with a 440 Hz tone into `file`.
    /// `codec` is `h264` (with AAC, the remux path) or `mpeg4` (needs an encode); `audio: false` leaves the
    /// tone out; `variableFrameRate` drops every fourth frame without retiming (a VFR file).
    package static func make(
        _ file: URL, seconds: Double, width: Int = 640, height: Int = 360, fps: Int = 30, codec: String = "h264",
        audio: Bool = true, videoBitrate: String? = nil, variableFrameRate: Bool = false
    ) async throws {
        var arguments = [
            "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
            "testsrc2=size=\(width)x\(height):rate=\(fps):duration=\(seconds)",
        ]
        if audio { arguments += ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=\(seconds)"] }
        if variableFrameRate {
            // Drop every fourth frame and keep the timestamps: frame intervals alternate 1/fps and 2/fps.
            arguments += ["-vf", "select='not(eq(mod(n\\,4)\\,1))'", "-fps_mode", "vfr"]
        }
        if let videoBitrate { arguments += ["-b:v", videoBitrate] }
        switch codec {
        case "h264":
            arguments += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "\(fps * 2)"]
            if audio { arguments += ["-c:a", "aac", "-b:a", "96k"] }
        default:
            arguments += ["-c:v", codec, "-q:v", "5"]
            if audio { arguments += ["-c:a", "mp3", "-b:a", "96k"] }
        }
        arguments += ["-shortest", file.path]
        try await run("ffmpeg", arguments)
    }

    /// Duration in seconds that ffprobe reports for `input` (a file or URL), with optional HTTP headers.
    package static func probeDuration(_ input: String, headers: String? = nil) async throws -> Double {
        var arguments = ["-v", "error"]
        if let headers { arguments += ["-headers", headers] }
        arguments += ["-show_entries", "format=duration", "-of", "default=noprint_wrappers=1:nokey=1", input]
        let output = try await run("ffprobe", arguments)
        guard let value = Double(output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw FFmpegFailed(description: "ffprobe gave no duration for \(input): \(output)")
        }
        return value
    }

    /// `stream=KEY` entries of the first stream of `selector` (`v:0`, `a:0`) in `input`, one per line.
    package static func probeStream(_ input: String, selector: String, entries: String) async throws -> [String] {
        try await run("ffprobe", ["-v", "error", "-select_streams", selector, "-show_entries", "stream=\(entries)", "-of", "default=noprint_wrappers=1", input])
            .split(separator: "\n").map(String.init)
    }

    /// Codec name of the first video stream ffprobe finds in `input`.
    package static func probeVideoCodec(_ input: String, headers: String? = nil) async throws -> String {
        var arguments = ["-v", "error"]
        if let headers { arguments += ["-headers", headers] }
        arguments += ["-select_streams", "v:0", "-show_entries", "stream=codec_name", "-of", "default=noprint_wrappers=1:nokey=1", input]
        return try await run("ffprobe", arguments).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs blocking work (a tool and its pipes) on a thread of its own. A tool run by a test must not
    /// block a thread of the cooperative pool: the pool is as wide as the cores (2 here) and every
    /// server a test runs in this process needs it. Two video tests probing at once deadlocked the suite
    /// that way (both pool threads waiting on ffprobe, ffprobe waiting on the server), and an x265 encode
    /// holding a pool thread for seconds starved another test's WebSocket past its deadline.
    package static func runOffPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try body() }) }
            thread.start()
        }
    }

    /// Runs `tool` with `arguments` off the cooperative pool (``runOffPool(_:)``); its standard output, or
    /// `FFmpegFailed` with the end of its standard error.
    @discardableResult
    package static func run(_ tool: String, _ arguments: [String]) async throws -> String {
        try await runOffPool { try runBlocking(tool, arguments) }
    }

    static func runBlocking(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw FFmpegFailed(description: "\(tool) failed (\(process.terminationStatus)): \(String(decoding: stderr, as: UTF8.self).suffix(1500))")
        }
        return String(decoding: stdout, as: UTF8.self)
    }
}
