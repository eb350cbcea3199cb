import Foundation

/// A row of `GET /v1/images`.
public struct CaptureImage: Codable, Sendable, Equatable {
    public var id: String
    public var sessionId: String
    public var angleDeg: Double?
    public var shotName: String?
    public var thumbKeys: [String: String]
    public var qc: [String: JSONValue]
    public var status: String
    public var failureReason: String?
    public var createdAt: Date?
    public var publishedAt: Date?

    public init(
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
    }

    // Members without a value are sent as `null`, not left out, as the API always did.
    public func encode(to encoder: any Encoder) throws {
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
    }
}
