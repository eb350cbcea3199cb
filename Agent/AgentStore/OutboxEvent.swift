import Foundation
import GRDB

/// An event waiting to be posted (a row of `outbox`). Its `idempotency_key` is unique here and is sent
/// with the event, so a batch re-sent after a lost answer is stored once by the backend.
package struct OutboxEvent: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    package static let databaseTableName = "outbox"

    package var id: Int64?
    package var idempotencyKey: String
    package var entityType: String
    package var entityId: String
    package var type: String
    package var message: String?
    /// JSON object.
    package var meta: String?
    package var createdAt: Double

    package init(
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

    package mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
