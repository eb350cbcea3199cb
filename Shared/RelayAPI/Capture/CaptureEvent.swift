import Foundation

/// An event in `GET /v1/events`.
public struct CaptureEvent: Codable, Sendable, Equatable {
    /// Who raised the event: `user`, `device` or `system`.
    public struct Actor: Codable, Sendable, Equatable {
        public var type: String
        public var id: String?

        public init(type: String, id: String? = nil) {
            self.type = type
            self.id = id
        }

        enum CodingKeys: String, CodingKey {
            case type
            case id
        }

        // Members without a value are sent as `null`, not left out, as the API always did.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(type, forKey: .type)
            try container.encode(id, forKey: .id)
        }
    }

    public var id: String
    public var actor: Actor
    public var entityType: String
    public var entityId: String?
    public var type: String
    public var message: String?
    public var meta: [String: JSONValue]
    public var createdAt: Date?

    public init(
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
    public func encode(to encoder: any Encoder) throws {
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
