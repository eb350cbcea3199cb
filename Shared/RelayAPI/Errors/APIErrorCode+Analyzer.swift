// Codes of seed 002 (the audio sync analyzer), spelled as the seed spells them.
extension APIErrorCode {
    /// 404: the path names nothing inside the media roots (or names something outside them).
    package static let fileNotFound = Self(rawValue: "FILE_NOT_FOUND")
    /// 400: the path is not acceptable at all (`..`, NUL bytes, over-long, outside every media root).
    package static let pathNotAllowed = Self(rawValue: "PATH_NOT_ALLOWED")
    /// 400: the file is not audio or video the analyzer can read, or the path is a folder.
    package static let invalidFileType = Self(rawValue: "INVALID_FILE_TYPE")
    /// 422: an analysis method this server cannot run (`ai`: its model weights are not installed).
    package static let methodUnavailable = Self(rawValue: "METHOD_UNAVAILABLE")
    /// 404: no analysis with this id in the caller's org.
    package static let analysisNotFound = Self(rawValue: "ANALYSIS_NOT_FOUND")
    /// 409: the analysis has finished and can no longer be cancelled.
    package static let analysisFinished = Self(rawValue: "ANALYSIS_FINISHED")
    /// An analysis's `error.code` when it failed (unreadable audio, no audio stream).
    package static let analysisFailed = Self(rawValue: "ANALYSIS_FAILED")
    /// An analysis's `error_code` when its confidence is below the caller's threshold (the result is kept).
    package static let insufficientConfidence = Self(rawValue: "INSUFFICIENT_CONFIDENCE")
}

extension APIErrorCode {
    /// 400: a batch CSV row or the header is wrong; `details.line` and `details.column` say where.
    package static let invalidCSVFormat = Self(rawValue: "INVALID_CSV_FORMAT")
    /// 404: no batch with this id in the caller's org.
    package static let batchNotFound = Self(rawValue: "BATCH_NOT_FOUND")
    /// 409: the batch is not in a state for this (started twice, cancelled, finished).
    package static let batchState = Self(rawValue: "BATCH_STATE_CONFLICT")
    /// 400: a webhook URL the server will not call (not http(s), or a loopback/private address).
    package static let webhookNotAllowed = Self(rawValue: "WEBHOOK_NOT_ALLOWED")
}
