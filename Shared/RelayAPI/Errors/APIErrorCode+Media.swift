// Codes of seed 000 (multicam sessions, assets, sync) and seed 003 (video).
extension APIErrorCode {
    /// 404: the asset does not exist or belongs to another session.
    package static let assetNotFound = Self(rawValue: "ASSET_NOT_FOUND")
    /// 409: the camera already has an asset in this session (one file per camera).
    package static let assetExists = Self(rawValue: "ASSET_EXISTS")
    /// 400: a camera label the server is not configured for.
    package static let invalidCameraLabel = Self(rawValue: "INVALID_CAMERA_LABEL")
    /// 409: the asset's upload is already complete (a lost answer; the agent treats it as success).
    package static let uploadCompleted = Self(rawValue: "UPLOAD_COMPLETED")
    /// 400: completing the upload failed (wrong upload id, parts the store refuses or lacks, wrong size);
    /// also an asset's `error.code` when its upload failed. The agent reads the part list again.
    package static let uploadFailed = Self(rawValue: "UPLOAD_FAILED")
    /// An asset's `error.code` when probing or normalising its file failed.
    package static let ingestionFailed = Self(rawValue: "INGESTION_FAILED")
    /// An asset's `error.code` when converting its variable frame rate to a constant one failed.
    package static let vfrConversionFailed = Self(rawValue: "VFR_CONVERSION_FAILED")
    /// 400 on sync: a camera has no audio track to sync on; also an asset's entry in `issues`.
    package static let missingAudioTrack = Self(rawValue: "MISSING_AUDIO_TRACK")
    /// 409: sync needs every asset ingested; one is still uploading or processing.
    package static let assetsNotReady = Self(rawValue: "ASSETS_NOT_READY")
    /// 409: a sync is already running for this session.
    package static let syncInProgress = Self(rawValue: "SYNC_IN_PROGRESS")
    /// 404: sync has not been computed for this session.
    package static let syncNotFound = Self(rawValue: "SYNC_NOT_FOUND")
    /// The `error.code` of a `sync.failed` session event.
    package static let syncFailed = Self(rawValue: "SYNC_FAILED")
    /// 404: the video does not exist or belongs to another org (also an unknown playlist).
    package static let videoNotFound = Self(rawValue: "VIDEO_NOT_FOUND")
    /// 409: the video is not ready for streaming yet.
    package static let videoNotReady = Self(rawValue: "VIDEO_NOT_READY")
    /// 404: the video has no such segment.
    package static let segmentNotFound = Self(rawValue: "SEGMENT_NOT_FOUND")
    /// 416: a `Range` outside the segment.
    package static let rangeNotSatisfiable = Self(rawValue: "RANGE_NOT_SATISFIABLE")
}
