import AgentCore
import Foundation
import GRDB

/// One file in the upload queue (a row of `uploads`).
package struct UploadItem: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    package static let databaseTableName = "uploads"

    package var id: String
    /// Where the file is on disk.
    package var path: String
    /// Lowercase hex SHA-256: the dedupe key (a file is queued once, whatever its name).
    package var sha256: String
    package var size: Int64
    package var contentType: String
    /// The capture session folder it came from.
    package var sessionKey: String
    package var angleDeg: Double?
    package var state: UploadState
    /// Consecutive failures of the current step.
    package var failures: Int
    /// Unix seconds before which the item is not tried.
    package var retryAt: Double
    package var qcStatus: String?
    package var qcJSON: String?
    package var imageId: String?
    package var uploadURL: String?
    /// JSON object of headers to send with the PUT.
    package var uploadHeaders: String?
    package var urlExpiresAt: Double?
    package var lastError: String?
    package var createdAt: Double
    package var updatedAt: Double
    /// Set for a recording's camera file (a seed 000 asset, uploaded in parts); nil for a photo.
    package var cameraLabel: String? = nil
    package var assetId: String? = nil
    package var multipartUploadId: String? = nil
    package var partSize: Int64? = nil
    package var partCount: Int? = nil
    /// What became of the file after acknowledgement, when originals are deleted (nil: not yet looked at).
    package var originalDisposal: OriginalDisposal? = nil
    /// Waiting for an upload window (not a failure): woken when the agent restarts.
    package var windowWait: Bool = false
    /// The device (`st_dev`) the file was on when it was taken (nil for items queued before this was kept).
    package var fileDevice: UInt64? = nil
    /// Unix seconds at which a step first found the file missing; nil while it is there.
    package var missingSince: Double? = nil
    /// A studio360 frame's place in its session's capture order; its angle is this modulo `frame_count`.
    package var frameIndex: Int? = nil
    /// The frame replaces an earlier one at its angle (a reshoot): presigned as such, so the backend lets
    /// it take the angle.
    package var reshoot: Bool = false
    /// When the backend acknowledged the bytes, by the backend's clock (as its answers report it, carried by
    /// the monotonic clock): originals retention counts from here, so a step of this machine's clock does
    /// not delete files early. Nil for items acknowledged before this was recorded (`updated_at` serves).
    package var acknowledgedAt: Double? = nil
    /// A recording file's number among its camera's files in the session (seed 000's `chapter`): fixed
    /// at its first init-upload. Nil until then, and for photos.
    package var chapter: Int? = nil

    /// A camera file of a recording, uploaded through a multipart upload.
    package var isRecording: Bool { cameraLabel != nil }

    enum CodingKeys: String, CodingKey {
        case id, path, sha256, size, state, failures
        case contentType = "content_type"
        case sessionKey = "session_key"
        case angleDeg = "angle_deg"
        case retryAt = "retry_at"
        case qcStatus = "qc_status"
        case qcJSON = "qc_json"
        case imageId = "image_id"
        case uploadURL = "upload_url"
        case uploadHeaders = "upload_headers"
        case urlExpiresAt = "url_expires_at"
        case lastError = "last_error"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case cameraLabel = "camera_label"
        case assetId = "asset_id"
        case multipartUploadId = "multipart_upload_id"
        case partSize = "part_size"
        case partCount = "part_count"
        case originalDisposal = "original_disposal"
        case windowWait = "window_wait"
        case fileDevice = "file_device"
        case missingSince = "missing_since"
        case frameIndex = "frame_index"
        case reshoot
        case acknowledgedAt = "acknowledged_at"
        case chapter
    }
}
