import RelayIO

/// How a failed media step is treated: permanent when the same input would fail the same way again, so
/// the job is not retried and the video or asset fails at once.
package enum MediaFailure {
    /// True for inputs refused by policy (`MediaRefusal`), files that are not media, unusable playlists,
    /// tools that refused the input (not for want of disk or memory) or ran out of time, and
    /// `PermanentJobFailure`.
    package static func isPermanent(_ error: any Error) -> Bool {
        switch error {
        case is MediaRefusal, is MediaProbe.NotAVideo, is HLSPlaylist.Invalid, is PermanentJobFailure: true
        case MediaToolError.failed(_, _, let stderr): !MediaWorkspace.isResourceFailure(stderr)
        case MediaToolError.timedOut: true
        default: false
        }
    }
}
