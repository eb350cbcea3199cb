import RelaySync

/// Sync engine failures as clients may read them: the camera's label and the reason, never the scratch
/// path of the decoded file.
extension AudioDecodingError: ClientFacingError {
    package var clientReason: String {
        switch self {
        case .fileNotFound: "a camera's audio file is missing"
        case .noAudioTrack: "a camera's file has no audio track"
        case .emptyAudioTrack: "a camera's audio track is empty"
        case .unreadableFile(_, let reason): "a camera's audio could not be read (\(reason))"
        case .unsupportedWAV(_, let reason): "a camera's WAV file uses an unsupported encoding (\(reason))"
        case .ffmpegNotFound: "the audio decoder is not available on the server"
        case .ffmpegFailed(_, _, let message): "a camera's audio could not be decoded (\(message))"
        case .scratchUnavailable: "the server has no room to decode a long recording"
        }
    }
}

extension SyncError: ClientFacingError {
    /// The engine's own description: labels and numbers only.
    package var clientReason: String { description }
}
