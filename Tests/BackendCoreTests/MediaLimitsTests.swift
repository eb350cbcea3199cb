import BackendCore
import Foundation
import Testing

/// The limits' configuration, the checks on ffprobe's answer, the container allow-list and the tool
/// time limits, without running ffmpeg.
@Suite("Media limits")
struct MediaLimitsTests {
    static let video = ProbedMedia.Video(
        codec: "h264", width: 1920, height: 1080, pixelFormat: "yuv420p", profile: "High", level: 40, averageFrameRate: 30,
        nominalFrameRate: 30)

    static func media(
        duration: Double = 60, video: ProbedMedia.Video? = video, format: String = "mov,mp4,m4a,3gp,3g2,mj2", streams: Int? = nil
    ) -> ProbedMedia {
        ProbedMedia(durationSeconds: duration, video: video, audioCodec: "aac", formatName: format, streamCount: streams)
    }

    @Test("keys: defaults, values, and a bad value names its key")
    func configuration() throws {
        #expect(try MediaLimits(ConfigurationSource()) == MediaLimits())
        let set = try MediaLimits(ConfigurationSource(values: [
            "media_max_duration_seconds": "60", "media_max_pixels": "1000", "media_max_fps": "50", "media_max_streams": "2",
            "media_tool_timeout_factor": "3", "media_tool_timeout_min_seconds": "5",
        ]))
        #expect(set == MediaLimits(maxDurationSeconds: 60, maxPixels: 1000, maxFrameRate: 50, maxStreams: 2, toolTimeoutFactor: 3, toolTimeoutMinimumSeconds: 5))
        #expect(try VideoConfiguration(ConfigurationSource(values: ["media_max_fps": "50"])).limits.maxFrameRate == 50)
        for key in ["media_max_duration_seconds", "media_max_pixels", "media_max_fps", "media_max_streams", "media_tool_timeout_factor"] {
            let error = #expect(throws: ConfigurationError.self) { try MediaLimits(ConfigurationSource(values: [key: "0"])) }
            #expect(error?.description.contains(key) == true, "\(key)")
        }
    }

    @Test("tool time: the minimum plus the factor per second of input, bounded by the longest input")
    func toolTimeout() {
        let limits = MediaLimits(maxDurationSeconds: 100, toolTimeoutFactor: 10, toolTimeoutMinimumSeconds: 300)
        #expect(limits.toolTimeout(inputSeconds: 0) == .seconds(300))
        #expect(limits.toolTimeout(inputSeconds: 20) == .seconds(500))
        #expect(limits.toolTimeout(inputSeconds: 1e9) == .seconds(1300))
        #expect(limits.toolTimeout(inputSeconds: .nan) == .seconds(300))
    }

    static let refusals: [(name: String, media: ProbedMedia, key: String)] = [
        ("10⁶ s", media(duration: 1_000_001), "media_max_duration_seconds"),
        ("infinite duration", media(duration: .infinity), "media_max_duration_seconds"),
        ("16000×16000", media(video: .init(codec: "rawvideo", width: 16000, height: 16000, pixelFormat: "gray", profile: nil, level: nil,
            averageFrameRate: 1, nominalFrameRate: 1)), "media_max_pixels"),
        ("overflowing size", media(video: .init(codec: "x", width: Int.max / 2, height: 4, pixelFormat: nil, profile: nil, level: nil,
            averageFrameRate: nil, nominalFrameRate: nil)), "media_max_pixels"),
        ("1000 fps", media(video: .init(codec: "h264", width: 64, height: 64, pixelFormat: nil, profile: nil, level: nil,
            averageFrameRate: 1000, nominalFrameRate: nil)), "media_max_fps"),
        ("17 streams", media(streams: 17), "media_max_streams"),
        ("an HLS playlist", media(format: "hls"), "hls"),
        ("a concat list", media(format: "concat"), "concat"),
        ("an image sequence", media(format: "image2"), "image2"),
        ("a piped PNG", media(format: "png_pipe"), "png_pipe"),
    ]

    @Test("refused: over a limit (the reason names its key) or in a container that is not allowed", arguments: refusals.indices)
    func refused(index: Int) {
        let (name, media, key) = Self.refusals[index]
        let error = #expect(throws: MediaRefusal.self, "\(name)") { try MediaLimits().check(media) }
        #expect(error?.reason.contains(key) == true, "\(name): \(String(describing: error))")
    }

    @Test("accepted: real files at the limits, audio-only files, every allowed container")
    func accepted() throws {
        let limits = MediaLimits()
        try limits.check(Self.media(duration: 21_600))
        try limits.check(Self.media(video: .init(codec: "hevc", width: 8192, height: 4320, pixelFormat: nil, profile: nil, level: nil,
            averageFrameRate: 240, nominalFrameRate: 240)))
        try limits.check(Self.media(video: nil, format: "wav"))
        for format in ["mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm", "avi", "mpegts", "mpeg", "mxf", "wav", "mp3", "flac", "ogg", "aac"] {
            let container = try #require(MediaContainer(formatName: format), "\(format)")
            #expect(container.inputArguments(URL(fileURLWithPath: "/w/original")).suffix(4) == ["-f", container.demuxer, "-i", "/w/original"])
        }
        #expect(MediaContainer(formatName: "mov,mp4,m4a,3gp,3g2,mj2")?.demuxer == "mov")
    }

    @Test("ffmpeg's whitelist refusal names the demuxer it refused")
    func refusedDemuxer() {
        #expect(MediaContainer.refusedDemuxer(in: "[hls @ 0x5594] Format not on whitelist 'mov,matroska'\noriginal: Invalid argument") == "hls")
        #expect(MediaContainer.refusedDemuxer(in: "Format not on whitelist 'mov'") == "")
        #expect(MediaContainer.refusedDemuxer(in: "original: Invalid data found when processing input") == nil)
    }
}
