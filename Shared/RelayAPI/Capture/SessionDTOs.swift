import Foundation

/// Body of `POST /v1/sessions` (seed 001).
public struct CreateSessionRequest: Codable, Sendable, Equatable {
    public struct Vehicle: Codable, Sendable, Equatable {
        public var vin: String?
        public var stock: String?
        public init(vin: String? = nil, stock: String? = nil) {
            self.vin = vin
            self.stock = stock
        }
    }

    public var siteId: String
    public var vehicle: Vehicle
    /// `studio360`, `walk360` or `stills`.
    public var mode: String
    /// `{"studio360": {"frame_count": 24}, "stills": ["front_3q", …]}`.
    public var shotList: [String: JSONValue]?

    public init(siteId: String, vehicle: Vehicle, mode: String, shotList: [String: JSONValue]? = nil) {
        self.siteId = siteId
        self.vehicle = vehicle
        self.mode = mode
        self.shotList = shotList
    }

    enum CodingKeys: String, CodingKey {
        case vehicle, mode
        case siteId = "site_id"
        case shotList = "shot_list"
    }
}

/// Body of `PATCH /v1/sessions/:id`.
public struct UpdateSessionRequest: Codable, Sendable, Equatable {
    public var status: String
    public var completedAt: Date?

    public init(status: String, completedAt: Date? = nil) {
        self.status = status
        self.completedAt = completedAt
    }

    enum CodingKeys: String, CodingKey {
        case status
        case completedAt = "completed_at"
    }
}

/// Body of `POST /v1/presign` (seed 001, plus optional `angle_deg` / `shot_name`).
public struct PresignRequest: Codable, Sendable, Equatable {
    public var sessionId: String
    public var fileName: String
    public var contentType: String
    /// Lowercase hex SHA-256 of the file, bound into the upload URL's signature.
    public var contentSha256: String
    public var angleDeg: Double?
    public var shotName: String?

    public init(sessionId: String, fileName: String, contentType: String, contentSha256: String, angleDeg: Double? = nil, shotName: String? = nil) {
        self.sessionId = sessionId
        self.fileName = fileName
        self.contentType = contentType
        self.contentSha256 = contentSha256
        self.angleDeg = angleDeg
        self.shotName = shotName
    }

    enum CodingKeys: String, CodingKey {
        case sessionId = "session_id"
        case fileName = "file_name"
        case contentType = "content_type"
        case contentSha256 = "content_sha256"
        case angleDeg = "angle_deg"
        case shotName = "shot_name"
    }
}

/// Answer of `POST /v1/presign`: where and how to `PUT` the bytes, and the image record created for them.
public struct PresignResponse: Codable, Sendable, Equatable {
    public var imageId: String
    public var uploadURL: String
    public var storageKey: String
    /// Headers to send with the `PUT`, exactly as given.
    public var headers: [String: String]
    public var expiresAt: Date

    public init(imageId: String, uploadURL: String, storageKey: String, headers: [String: String], expiresAt: Date) {
        self.imageId = imageId
        self.uploadURL = uploadURL
        self.storageKey = storageKey
        self.headers = headers
        self.expiresAt = expiresAt
    }

    enum CodingKeys: String, CodingKey {
        case headers
        case imageId = "image_id"
        case uploadURL = "upload_url"
        case storageKey = "storage_key"
        case expiresAt = "expires_at"
    }
}

/// One event of `POST /v1/events` (seed 001).
public struct EventInput: Codable, Sendable, Equatable {
    /// `session`, `image` or `device`.
    public var entityType: String
    public var entityId: String
    /// `upload_started`, `upload_complete`, `upload_failed`, `qc_failed` or `published`.
    public var type: String
    public var message: String?
    public var meta: [String: JSONValue]?
    /// Client-chosen key (1–128 of `[A-Za-z0-9._:-]`): an event re-sent with a key the org already used is
    /// acknowledged and not stored again, so a client that retries after a lost answer never duplicates.
    public var idempotencyKey: String?

    public init(
        entityType: String, entityId: String, type: String, message: String? = nil, meta: [String: JSONValue]? = nil,
        idempotencyKey: String? = nil
    ) {
        self.entityType = entityType
        self.entityId = entityId
        self.type = type
        self.message = message
        self.meta = meta
        self.idempotencyKey = idempotencyKey
    }

    enum CodingKeys: String, CodingKey {
        case type, message, meta
        case entityType = "entity_type"
        case entityId = "entity_id"
        case idempotencyKey = "idempotency_key"
    }
}

/// Body of `POST /v1/events`: one event, or `{"events": [...]}`.
public struct EventsRequest: Decodable, Sendable, Equatable {
    public var events: [EventInput]

    public init(events: [EventInput]) {
        self.events = events
    }

    enum CodingKeys: String, CodingKey { case events }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if container.contains(.events) {
            events = try container.decode([EventInput].self, forKey: .events)
        } else {
            events = [try EventInput(from: decoder)]
        }
    }
}

/// Answer of `POST /v1/events`.
public struct EventsAccepted: Codable, Sendable, Equatable {
    public var accepted: Int
    public init(accepted: Int) { self.accepted = accepted }
}
