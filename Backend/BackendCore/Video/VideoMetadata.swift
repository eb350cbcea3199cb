/// What ffprobe says about an uploaded file (the parts HLS packaging needs).
package struct VideoMetadata: Sendable, Equatable, Codable {
    package var durationSeconds: Double
    package var width: Int
    package var height: Int
    /// Frames per second (average), e.g. 29.97.
    package var frameRate: Double
    /// ffprobe codec names, e.g. `h264`, `aac`.
    package var videoCodec: String
    package var audioCodec: String?
    /// e.g. `yuv420p`.
    package var pixelFormat: String?
    /// e.g. `High`.
    package var videoProfile: String?
    /// H.264 level × 10 as ffprobe reports it, e.g. 40.
    package var videoLevel: Int?
    /// Container format names, e.g. `mov,mp4,m4a,3gp,3g2,mj2`.
    package var formatName: String

    package init(
        durationSeconds: Double, width: Int, height: Int, frameRate: Double, videoCodec: String, audioCodec: String?,
        pixelFormat: String?, videoProfile: String?, videoLevel: Int? = nil, formatName: String
    ) {
        self.durationSeconds = durationSeconds
        self.width = width
        self.height = height
        self.frameRate = frameRate
        self.videoCodec = videoCodec
        self.audioCodec = audioCodec
        self.pixelFormat = pixelFormat
        self.videoProfile = videoProfile
        self.videoLevel = videoLevel
        self.formatName = formatName
    }

    /// H.264 in 8-bit 4:2:0 with AAC (or no) audio plays in every HLS client after a stream copy, so the
    /// first playable manifest needs no encode.
    package var isRemuxable: Bool {
        guard videoCodec == "h264", pixelFormat == "yuv420p" || pixelFormat == "yuvj420p" else { return false }
        if let profile = videoProfile?.lowercased(), profile.contains("10") || profile.contains("4:2:2") || profile.contains("4:4:4") {
            return false
        }
        return audioCodec == nil || audioCodec == "aac"
    }

    /// The allowed container ffmpeg is told to read the original as; nil when the format is not allowed.
    package var container: MediaContainer? { MediaContainer(formatName: formatName) }

    /// The shorter side: what "720p" means for landscape and portrait alike.
    package var shortSide: Int { min(width, height) }
}
