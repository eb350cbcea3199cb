// Codes of seed 001 (capture sessions, images, events) and of the blob endpoints.
extension APIErrorCode {
    /// 404: the capture session does not exist or belongs to another org.
    package static let sessionNotFound = Self(rawValue: "SESSION_NOT_FOUND")
    /// 404: the image does not exist or belongs to another org.
    package static let imageNotFound = Self(rawValue: "IMAGE_NOT_FOUND")
    /// 404: the site does not exist or belongs to another org.
    package static let siteNotFound = Self(rawValue: "SITE_NOT_FOUND")
    /// 409: uploads need an active session; this one is completed or abandoned.
    package static let sessionNotActive = Self(rawValue: "SESSION_NOT_ACTIVE")
    /// 409: a presign for an angle the session already has an image of (other bytes), not declared a
    /// reshoot; `details.image_id` names the image that has it.
    package static let angleTaken = Self(rawValue: "ANGLE_TAKEN")
    /// 409: the session cannot move from its status to the requested one.
    package static let invalidStatusTransition = Self(rawValue: "INVALID_STATUS_TRANSITION")
    /// 400: a presign for a content type other than `image/jpeg` or `image/heic`.
    package static let unsupportedContentType = Self(rawValue: "UNSUPPORTED_CONTENT_TYPE")
    /// 400: more events in one batch than the endpoint accepts.
    package static let batchTooLarge = Self(rawValue: "BATCH_TOO_LARGE")
    /// 409 on `upload_complete` events: no uploaded object for the image; 404 from the blob endpoints:
    /// the multipart upload does not exist. The agent uploads the file again.
    package static let uploadNotFound = Self(rawValue: "UPLOAD_NOT_FOUND")
    /// 409: an `upload_complete` event for an image whose uploaded object is empty; the agent uploads again.
    package static let uploadEmpty = Self(rawValue: "UPLOAD_EMPTY")
    /// 409: an image that failed processing has been processed as often as allowed and is not queued again.
    package static let imageRetryLimit = Self(rawValue: "IMAGE_RETRY_LIMIT")
    /// 409: only processed images can be published.
    package static let imageNotProcessed = Self(rawValue: "IMAGE_NOT_PROCESSED")
    /// 400: a signed upload whose body does not have the signed SHA-256.
    package static let checksumMismatch = Self(rawValue: "CHECKSUM_MISMATCH")
    /// 400: a multipart completion whose parts the blob store does not accept.
    package static let invalidParts = Self(rawValue: "INVALID_PARTS")
    /// 502: the blob store refused a request the server made.
    package static let blobStoreRejected = Self(rawValue: "BLOB_STORE_REJECTED")
}
