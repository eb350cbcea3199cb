import AgentCore
import Foundation
import GRDB

/// One file in the upload queue (a row of `uploads`).
public struct UploadItem: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "uploads"

    public var id: String
    /// Where the file is on disk.
    public var path: String
    /// Lowercase hex SHA-256: the dedupe key (a file is queued once, whatever its name).
    public var sha256: String
    public var size: Int64
    public var contentType: String
    /// The capture session folder it came from.
    public var sessionKey: String
    public var angleDeg: Double?
    public var state: UploadState
    /// Consecutive failures of the current step.
    public var failures: Int
    /// Unix seconds before which the item is not tried.
    public var retryAt: Double
    public var qcStatus: String?
    public var qcJSON: String?
    public var imageId: String?
    public var uploadURL: String?
    /// JSON object of headers to send with the PUT.
    public var uploadHeaders: String?
    public var urlExpiresAt: Double?
    public var lastError: String?
    public var createdAt: Double
    public var updatedAt: Double
    /// Set for a recording's camera file (a seed 000 asset, uploaded in parts); nil for a photo.
    public var cameraLabel: String? = nil
    public var assetId: String? = nil
    public var multipartUploadId: String? = nil
    public var partSize: Int64? = nil
    public var partCount: Int? = nil
    /// What became of the file after acknowledgement, when originals are deleted (nil: not yet looked at).
    public var originalDisposal: OriginalDisposal? = nil
    /// Waiting for an upload window (not a failure): woken when the agent restarts.
    public var windowWait: Bool = false

    /// A camera file of a recording, uploaded through a multipart upload.
    public var isRecording: Bool { cameraLabel != nil }

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
    }
}
