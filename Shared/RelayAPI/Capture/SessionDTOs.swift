import Foundation

/// Body of `POST /v1/sessions` (seed 001).
package struct CreateSessionRequest: Codable, Sendable, Equatable {
    package struct Vehicle: Codable, Sendable, Equatable {
        package var vin: String?
        package var stock: String?
        package init(vin: String? = nil, stock: String? = nil) {
            self.vin = vin
            self.stock = stock
        }
    }

    package var siteId: String
    package var vehicle: Vehicle
    /// `studio360`, `walk360` or `stills`.
    package var mode: String
    /// `{"studio360": {"frame_count": 24}, "stills": ["front_3q", …]}`.
    package var shotList: [String: JSONValue]?

    package init(siteId: String, vehicle: Vehicle, mode: String, shotList: [String: JSONValue]? = nil) {
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
package struct UpdateSessionRequest: Codable, Sendable, Equatable {
    package var status: String
    package var completedAt: Date?

    package init(status: String, completedAt: Date? = nil) {
        self.status = status
        self.completedAt = completedAt
    }

    enum CodingKeys: String, CodingKey {
        case status
        case completedAt = "completed_at"
    }
}

/// Body of `POST /v1/presign` (seed 001, plus optional `angle_deg` / `shot_name`).
package struct PresignRequest: Codable, Sendable, Equatable {
    package var sessionId: String
    package var fileName: String
    package var contentType: String
    /// Lowercase hex SHA-256 of the file, bound into the upload URL's signature.
    package var contentSha256: String
    package var angleDeg: Double?
    package var shotName: String?
    /// The photo is a second take of its angle: it replaces the session's current image at `angle_deg`
    /// (without it, an angle already taken by other bytes is refused with 409 `ANGLE_TAKEN`).
    package var reshoot: Bool?

    package init(
        sessionId: String, fileName: String, contentType: String, contentSha256: String, angleDeg: Double? = nil, shotName: String? = nil,
        reshoot: Bool? = nil
    ) {
        self.sessionId = sessionId
        self.fileName = fileName
        self.contentType = contentType
        self.contentSha256 = contentSha256
        self.angleDeg = angleDeg
        self.shotName = shotName
        self.reshoot = reshoot
    }

    enum CodingKeys: String, CodingKey {
        case sessionId = "session_id"
        case fileName = "file_name"
        case contentType = "content_type"
        case contentSha256 = "content_sha256"
        case angleDeg = "angle_deg"
        case shotName = "shot_name"
        case reshoot
    }
}

/// Answer of `POST /v1/presign`: where and how to `PUT` the bytes, and the image record created for them.
package struct PresignResponse: Codable, Sendable, Equatable {
    package var imageId: String
    package var uploadURL: String
    package var storageKey: String
    /// Headers to send with the `PUT`, exactly as given.
    package var headers: [String: String]
    package var expiresAt: Date

    package init(imageId: String, uploadURL: String, storageKey: String, headers: [String: String], expiresAt: Date) {
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
package struct EventInput: Codable, Sendable, Equatable {
    /// `session`, `image` or `device`.
    package var entityType: String
    package var entityId: String
    /// `upload_started`, `upload_complete`, `upload_failed`, `qc_failed` or `published`.
    package var type: String
    package var message: String?
    package var meta: [String: JSONValue]?
    /// Client-chosen key (1–128 of `[A-Za-z0-9._:-]`): an event re-sent with a key the org already used is
    /// acknowledged and not stored again, so a client that retries after a lost answer never duplicates.
    package var idempotencyKey: String?

    package init(
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
package struct EventsRequest: Decodable, Sendable, Equatable {
    package var events: [EventInput]

    package init(events: [EventInput]) {
        self.events = events
    }

    enum CodingKeys: String, CodingKey { case events }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if container.contains(.events) {
            events = try container.decode([EventInput].self, forKey: .events)
        } else {
            events = [try EventInput(from: decoder)]
        }
    }
}

/// Answer of `POST /v1/events`.
package struct EventsAccepted: Codable, Sendable, Equatable {
    package var accepted: Int
    package init(accepted: Int) { self.accepted = accepted }
}
