import Foundation

/// An event in `GET /v1/events`.
package struct CaptureEvent: Codable, Sendable, Equatable {
    /// Who raised the event: `user`, `device` or `system`.
    package struct Actor: Codable, Sendable, Equatable {
        package var type: String
        package var id: String?

        package init(type: String, id: String? = nil) {
            self.type = type
            self.id = id
        }

        enum CodingKeys: String, CodingKey {
            case type
            case id
        }

        // Members without a value are sent as `null`, not left out, as the API always did.
        package func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(type, forKey: .type)
            try container.encode(id, forKey: .id)
        }
    }

    package var id: String
    package var actor: Actor
    package var entityType: String
    package var entityId: String?
    package var type: String
    package var message: String?
    package var meta: [String: JSONValue]
    package var createdAt: Date?

    package init(
        id: String, actor: Actor, entityType: String, entityId: String? = nil, type: String, message: String? = nil,
        meta: [String: JSONValue], createdAt: Date? = nil
    ) {
        self.id = id
        self.actor = actor
        self.entityType = entityType
        self.entityId = entityId
        self.type = type
        self.message = message
        self.meta = meta
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id
        case actor
        case entityType = "entity_type"
        case entityId = "entity_id"
        case type
        case message
        case meta
        case createdAt = "created_at"
    }

    // Members without a value are sent as `null`, not left out, as the API always did.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(actor, forKey: .actor)
        try container.encode(entityType, forKey: .entityType)
        try container.encode(entityId, forKey: .entityId)
        try container.encode(type, forKey: .type)
        try container.encode(message, forKey: .message)
        try container.encode(meta, forKey: .meta)
        try container.encode(createdAt, forKey: .createdAt)
    }
}
