import Foundation
import GRDB

/// An event waiting to be posted (a row of `outbox`). Its `idempotency_key` is unique here and is sent
/// with the event, so a batch re-sent after a lost answer is stored once by the backend.
public struct OutboxEvent: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "outbox"

    public var id: Int64?
    public var idempotencyKey: String
    public var entityType: String
    public var entityId: String
    public var type: String
    public var message: String?
    /// JSON object.
    public var meta: String?
    public var createdAt: Double

    public init(
        idempotencyKey: String, entityType: String, entityId: String, type: String, message: String? = nil, meta: String? = nil,
        createdAt: Double
    ) {
        self.idempotencyKey = idempotencyKey
        self.entityType = entityType
        self.entityId = entityId
        self.type = type
        self.message = message
        self.meta = meta
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, type, message, meta
        case idempotencyKey = "idempotency_key"
        case entityType = "entity_type"
        case entityId = "entity_id"
        case createdAt = "created_at"
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
