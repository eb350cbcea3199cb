/// Why a file's audio could not be decoded.
package enum AudioDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing at that path.
    case fileNotFound(path: String)
    /// The file is readable media but has no audio stream (e.g. a video-only clip).
    case noAudioTrack(path: String)
    /// The audio stream exists but decodes to no samples.
    case emptyAudioTrack(path: String)
    /// Not media ffmpeg (or the WAV reader) understands, truncated, or not readable.
    case unreadableFile(path: String, reason: String)
    /// A RIFF/WAVE file in an encoding the built-in reader does not handle (the decoder then
    /// falls back to ffmpeg).
    case unsupportedWAV(path: String, reason: String)
    /// No `ffmpeg` executable on PATH (or at the configured path).
    case ffmpegNotFound(String)
    /// ffmpeg failed for another reason.
    case ffmpegFailed(path: String, status: Int32, message: String)
    /// The scratch folder a long recording is decoded into cannot take it (missing, read-only, full).
    case scratchUnavailable(directory: String, reason: String)

    package var description: String {
        switch self {
        case let .fileNotFound(path): "\(path): no such file"
        case let .noAudioTrack(path): "\(path): the file has no audio track"
        case let .emptyAudioTrack(path): "\(path): the audio track is empty"
        case let .unreadableFile(path, reason): "\(path): unreadable media file (\(reason))"
        case let .unsupportedWAV(path, reason): "\(path): unsupported WAV encoding (\(reason))"
        case let .ffmpegNotFound(path): "ffmpeg not found (\(path)); install ffmpeg"
        case let .ffmpegFailed(path, status, message): "\(path): ffmpeg exited with status \(status): \(message)"
        case let .scratchUnavailable(directory, reason): "cannot decode into \(directory): \(reason)"
        }
    }
}
