import Foundation

/// Bounds on what an uploaded video or camera file may ask of ffmpeg, checked on ffprobe's answer before
/// any decode, and the wall-clock time each ffprobe/ffmpeg run gets. Keys are listed in the README
/// ("Configuration"); the defaults admit any real camera file (8K, 240 fps slow motion, six-hour
/// recordings) and refuse lying headers.
package struct MediaLimits: Sendable, Equatable {
    /// Longest input. Key `media_max_duration_seconds`, default 21600 (6 h). A file whose timestamps jump
    /// (two frames claiming 10⁶ s) would otherwise make the constant-rate filter write millions of frames.
    package var maxDurationSeconds: Int
    /// Largest picture (width × height of the video stream). Key `media_max_pixels`, default 35389440
    /// (8192×4320, DCI 8K).
    package var maxPixels: Int
    /// Highest average frame rate. Key `media_max_fps`, default 240.
    package var maxFrameRate: Int
    /// Most streams in the container. Key `media_max_streams`, default 16.
    package var maxStreams: Int
    /// Seconds of tool time allowed per second of input, on top of `toolTimeoutMinimumSeconds`. Key
    /// `media_tool_timeout_factor`, default 10 (the ladder encodes at several times real time here).
    package var toolTimeoutFactor: Int
    /// Time every run gets whatever the input's length, and all an ffprobe run gets. Key
    /// `media_tool_timeout_min_seconds`, default 300.
    package var toolTimeoutMinimumSeconds: Int

    package init(
        maxDurationSeconds: Int = 21_600, maxPixels: Int = 8192 * 4320, maxFrameRate: Int = 240, maxStreams: Int = 16,
        toolTimeoutFactor: Int = 10, toolTimeoutMinimumSeconds: Int = 300
    ) {
        self.maxDurationSeconds = maxDurationSeconds
        self.maxPixels = maxPixels
        self.maxFrameRate = maxFrameRate
        self.maxStreams = maxStreams
        self.toolTimeoutFactor = toolTimeoutFactor
        self.toolTimeoutMinimumSeconds = toolTimeoutMinimumSeconds
    }

    package init(_ source: ConfigurationSource) throws {
        let defaults = MediaLimits()
        self.init(
            maxDurationSeconds: try source.int("media_max_duration_seconds", default: defaults.maxDurationSeconds, in: 1...604_800),
            maxPixels: try source.int("media_max_pixels", default: defaults.maxPixels, in: 1...(1 << 31)),
            maxFrameRate: try source.int("media_max_fps", default: defaults.maxFrameRate, in: 1...1000),
            maxStreams: try source.int("media_max_streams", default: defaults.maxStreams, in: 1...1024),
            toolTimeoutFactor: try source.int("media_tool_timeout_factor", default: defaults.toolTimeoutFactor, in: 1...1000),
            toolTimeoutMinimumSeconds: try source.int(
                "media_tool_timeout_min_seconds", default: defaults.toolTimeoutMinimumSeconds, in: 1...86_400))
    }

    /// The wall-clock limit of one tool run over `inputSeconds` of media: the minimum plus the factor per
    /// second. Inputs are at most `maxDurationSeconds` long, so this is always finite.
    package func toolTimeout(inputSeconds: Double) -> Duration {
        let length = inputSeconds.isFinite ? min(max(inputSeconds, 0), Double(maxDurationSeconds)) : 0
        return .seconds(toolTimeoutMinimumSeconds) + .seconds(length * Double(toolTimeoutFactor))
    }

    /// Refuses `media` when its container is not on the allow-list or it exceeds a limit; the refusal's
    /// reason names the limit and the key that sets it.
    package func check(_ media: ProbedMedia) throws(MediaRefusal) {
        _ = try MediaContainer.required(formatName: media.formatName)
        guard media.streamCount <= maxStreams else {
            throw MediaRefusal(reason: "the file has \(media.streamCount) streams, more than the \(maxStreams) allowed (media_max_streams)")
        }
        guard media.durationSeconds.isFinite, media.durationSeconds <= Double(maxDurationSeconds) else {
            throw MediaRefusal(
                reason: "the file claims to last \(Int(min(media.durationSeconds, 1e12))) s, more than the \(maxDurationSeconds) s allowed "
                    + "(media_max_duration_seconds)")
        }
        guard let video = media.video else { return }
        let (pixels, overflow) = video.width.multipliedReportingOverflow(by: video.height)
        guard !overflow, pixels <= maxPixels else {
            throw MediaRefusal(
                reason: "the picture is \(video.width)×\(video.height), more than the \(maxPixels) pixels allowed (media_max_pixels)")
        }
        if let rate = video.averageFrameRate, rate > Double(maxFrameRate) {
            throw MediaRefusal(
                reason: "the video runs at \(Int(rate.rounded())) frames per second, more than the \(maxFrameRate) allowed (media_max_fps)")
        }
    }
}
