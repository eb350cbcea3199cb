/// Streams of a media file as ffprobe reports them.
package struct ProbedMedia: Sendable, Equatable {
    package struct Video: Sendable, Equatable {
        package var codec: String
        package var width: Int
        package var height: Int
        package var pixelFormat: String?
        package var profile: String?
        package var level: Int?
        /// `avg_frame_rate`: frames over duration, as reported (checked against `MediaLimits.maxFrameRate`).
        package var averageFrameRate: Double?
        /// `r_frame_rate`: the stream's base rate.
        package var nominalFrameRate: Double?

        /// Frame timing is variable when the average rate departs from the base rate by more than 1 %
        /// (phones and screen recorders drop or stretch frames).
        package var isVariableFrameRate: Bool {
            guard let average = averageFrameRate, let nominal = nominalFrameRate else { return false }
            return abs(average - nominal) / nominal > 0.01
        }

        package init(
            codec: String, width: Int, height: Int, pixelFormat: String?, profile: String?, level: Int?, averageFrameRate: Double?,
            nominalFrameRate: Double?
        ) {
            self.codec = codec
            self.width = width
            self.height = height
            self.pixelFormat = pixelFormat
            self.profile = profile
            self.level = level
            self.averageFrameRate = averageFrameRate
            self.nominalFrameRate = nominalFrameRate
        }

        /// The constant rate an output uses: the stream's base rate when it is a standard one (a VFR phone
        /// clip with base 30 stays 30, its gaps filled), else the standard rate nearest the average.
        package var standardFrameRate: Double {
            let standards = [24000.0 / 1001, 24, 25, 30000.0 / 1001, 30, 48, 50, 60000.0 / 1001, 60]
            if let nominal = nominalFrameRate, let match = standards.first(where: { abs($0 - nominal) / $0 < 0.0005 }) {
                return match
            }
            let rate = averageFrameRate ?? nominalFrameRate ?? 30
            return standards.min { abs($0 - rate) < abs($1 - rate) } ?? 30
        }
    }

    package var durationSeconds: Double
    package var video: Video?
    package var audioCodec: String?
    /// ffprobe's `format_name`, e.g. `mov,mp4,m4a,3gp,3g2,mj2`.
    package var formatName: String
    /// Every stream in the container (data, subtitles and cover art included).
    package var streamCount: Int

    /// `streamCount` defaults to the streams described (video and audio).
    package init(durationSeconds: Double, video: Video?, audioCodec: String?, formatName: String, streamCount: Int? = nil) {
        self.durationSeconds = durationSeconds
        self.video = video
        self.audioCodec = audioCodec
        self.formatName = formatName
        self.streamCount = streamCount ?? ((video == nil ? 0 : 1) + (audioCodec == nil ? 0 : 1))
    }

    /// The allowed container ffmpeg is told to read this file as; nil when the format is not allowed.
    package var container: MediaContainer? { MediaContainer(formatName: formatName) }
}
