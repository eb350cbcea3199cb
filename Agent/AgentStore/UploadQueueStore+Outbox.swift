import Foundation
import GRDB

extension UploadQueueStore {
    /// Adds events to the outbox; one whose idempotency key is already there is ignored.
    package func enqueue(events: [OutboxEvent]) async throws {
        try await write { db in try Self.insert(events: events, db) }
    }

    static func insert(events: [OutboxEvent], _ db: Database) throws {
        for event in events {
            try db.execute(
                sql: """
                    INSERT INTO outbox (idempotency_key, entity_type, entity_id, type, message, meta, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING
                    """,
                arguments: [event.idempotencyKey, event.entityType, event.entityId, event.type, event.message, event.meta, event.createdAt])
        }
    }

    /// The oldest events waiting to be posted.
    package func pendingEvents(limit: Int = 100) throws -> [OutboxEvent] {
        try pool.read { db in try OutboxEvent.order(Column("id")).limit(limit).fetchAll(db) }
    }

    /// Removes posted (or refused) events.
    package func removeEvents(ids: [Int64]) async throws {
        guard !ids.isEmpty else { return }
        try await write { db in _ = try OutboxEvent.deleteAll(db, keys: ids) }
    }

    package func outboxCount() throws -> Int {
        try pool.read { db in try OutboxEvent.fetchCount(db) }
    }
}
