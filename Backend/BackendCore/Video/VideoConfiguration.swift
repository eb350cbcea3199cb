import Foundation

/// Video upload and HLS settings (seed 003). Keys are listed in the README ("Configuration").
package struct VideoConfiguration: Sendable, Equatable {
    /// Largest upload accepted by `POST /v1/upload`. Key `video_max_bytes`, default 5 GiB; larger → 413.
    /// Either store takes more when raised (on S3 the original goes up as a multipart upload).
    package var maxUploadBytes: Int64
    /// Target HLS segment length in seconds (keyframes are forced on this grid for the ladder). Key
    /// `hls_segment_seconds`, default 4, 2–10.
    package var segmentSeconds: Int
    /// Heights of the adaptive ladder, highest first; empty disables the ladder (the fast remux, or one
    /// transcoded rendition for non-H.264 input, is then all there is). Key `hls_ladder`, default
    /// `1080,720,480`; `none` disables it.
    package var ladder: [Int]
    /// x264 preset of ladder encodes. Key `hls_x264_preset`, default `veryfast`.
    package var x264Preset: String
    /// Short side of the fast first rendition of uploads that cannot be stream-copied (not H.264/AAC):
    /// it is published segment by segment as it is encoded, so the video plays within seconds, and the
    /// ladder replaces it when done. Key `hls_fast_height`, default 480 (never above the source); `none`
    /// turns it off (such uploads then wait for the whole ladder).
    package var fastHeight: Int?
    /// x264 preset of the fast rendition. Key `hls_fast_preset`, default `ultrafast`.
    package var fastPreset: String
    /// Reads the input of the fast rendition at most this many times real time (ffmpeg `-readrate`), to
    /// leave CPU to other work on a small box, or to let tests watch the playlist grow; nil: as fast as it
    /// can. Key `hls_fast_read_rate`, default none, 0.5–100.
    package var fastReadRate: Double?
    /// ffmpeg and ffprobe executables (looked up on `PATH` unless absolute). Keys `ffmpeg_path`,
    /// `ffprobe_path`.
    package var ffmpegPath: String
    package var ffprobePath: String
    /// Bounds on inputs and tool run times, for videos and camera files alike (`media_*` keys).
    package var limits: MediaLimits

    package static let presets = ["ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow"]

    package init(
        maxUploadBytes: Int64 = 5 << 30, segmentSeconds: Int = 4, ladder: [Int] = [1080, 720, 480],
        x264Preset: String = "veryfast", fastHeight: Int? = 480, fastPreset: String = "ultrafast", ffmpegPath: String = "ffmpeg", ffprobePath: String = "ffprobe", limits: MediaLimits = MediaLimits()
    ) {
        self.maxUploadBytes = maxUploadBytes
        self.segmentSeconds = segmentSeconds
        self.ladder = ladder
        self.x264Preset = x264Preset
        self.fastHeight = fastHeight
        self.fastPreset = fastPreset
        self.ffmpegPath = ffmpegPath
        self.ffprobePath = ffprobePath
        self.limits = limits
    }

    package init(_ source: ConfigurationSource) throws {
        self.init()
        maxUploadBytes = Int64(try source.int("video_max_bytes", default: 5 << 30, in: 1024...(5 << 40)))
        segmentSeconds = try source.int("hls_segment_seconds", default: 4, in: 2...10)
        ladder = try Self.parseLadder(source.string("hls_ladder"))
        x264Preset = try source.choice("hls_x264_preset", default: "veryfast", allowed: Self.presets)
        fastHeight = try Self.parseFastHeight(source.string("hls_fast_height"))
        fastPreset = try source.choice("hls_fast_preset", default: "ultrafast", allowed: Self.presets)
        fastReadRate = try Self.parseReadRate(source.string("hls_fast_read_rate"))
        ffmpegPath = source.string("ffmpeg_path") ?? "ffmpeg"
        ffprobePath = source.string("ffprobe_path") ?? "ffprobe"
        limits = try MediaLimits(source)
    }

    /// `480` → 480; `none` → nil (no fast rendition); default 480.
    package static func parseFastHeight(_ text: String?) throws -> Int? {
        guard let text else { return 480 }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.lowercased() == "none" { return nil }
        guard let height = Int(trimmed), (144...1080).contains(height), height % 2 == 0 else {
            throw ConfigurationError("hls_fast_height must be an even height 144–1080, or none; got \(text)")
        }
        return height
    }

    /// `2` → 2; absent or `none` → nil.
    package static func parseReadRate(_ text: String?) throws -> Double? {
        guard let text, text.trimmingCharacters(in: .whitespaces).lowercased() != "none" else { return nil }
        guard let rate = Double(text.trimmingCharacters(in: .whitespaces)), rate.isFinite, (0.5...100).contains(rate) else {
            throw ConfigurationError("hls_fast_read_rate must be a number 0.5–100 (times real time), or none; got \(text)")
        }
        return rate
    }

    /// `1080,720,480` → [1080, 720, 480] (sorted highest first, duplicates dropped); `none` → [].
    package static func parseLadder(_ text: String?) throws -> [Int] {
        guard let text else { return [1080, 720, 480] }
        if text.trimmingCharacters(in: .whitespaces).lowercased() == "none" { return [] }
        var heights: [Int] = []
        for item in text.split(separator: ",") {
            guard let height = Int(item.trimmingCharacters(in: .whitespaces)), (144...4320).contains(height), height % 2 == 0
            else {
                throw ConfigurationError("hls_ladder must be even heights 144–4320 separated by commas, or none; got \(text)")
            }
            if !heights.contains(height) { heights.append(height) }
        }
        guard !heights.isEmpty else { throw ConfigurationError("hls_ladder is empty; use none to disable the ladder") }
        return heights.sorted(by: >)
    }
}
