import Foundation

/// A row of `GET /v1/images`.
package struct CaptureImage: Codable, Sendable, Equatable {
    package var id: String
    package var sessionId: String
    package var angleDeg: Double?
    package var shotName: String?
    package var thumbKeys: [String: String]
    package var qc: [String: JSONValue]
    package var status: String
    package var failureReason: String?
    package var createdAt: Date?
    package var publishedAt: Date?
    /// Signed thumbnail URLs by size; only with `GET /v1/images?include=urls`.
    package var thumbUrls: [String: String]?
    /// Signed URL of the original; only with `include=urls`, and null until the image is uploaded.
    package var originalUrl: String?

    package init(
        id: String, sessionId: String, angleDeg: Double? = nil, shotName: String? = nil, thumbKeys: [String: String],
        qc: [String: JSONValue], status: String, failureReason: String? = nil, createdAt: Date? = nil,
        publishedAt: Date? = nil
    ) {
        self.id = id
        self.sessionId = sessionId
        self.angleDeg = angleDeg
        self.shotName = shotName
        self.thumbKeys = thumbKeys
        self.qc = qc
        self.status = status
        self.failureReason = failureReason
        self.createdAt = createdAt
        self.publishedAt = publishedAt
    }

    enum CodingKeys: String, CodingKey {
        case id
        case sessionId = "session_id"
        case angleDeg = "angle_deg"
        case shotName = "shot_name"
        case thumbKeys = "thumb_keys"
        case qc
        case status
        case failureReason = "failure_reason"
        case createdAt = "created_at"
        case publishedAt = "published_at"
        case thumbUrls = "thumb_urls"
        case originalUrl = "original_url"
    }

    // Members without a value are sent as `null`, not left out, as the API always did.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(sessionId, forKey: .sessionId)
        try container.encode(angleDeg, forKey: .angleDeg)
        try container.encode(shotName, forKey: .shotName)
        try container.encode(thumbKeys, forKey: .thumbKeys)
        try container.encode(qc, forKey: .qc)
        try container.encode(status, forKey: .status)
        try container.encode(failureReason, forKey: .failureReason)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(publishedAt, forKey: .publishedAt)
        // Only present when asked for (`include=urls`).
        if let thumbUrls {
            try container.encode(thumbUrls, forKey: .thumbUrls)
            try container.encode(originalUrl, forKey: .originalUrl)
        }
    }
}
