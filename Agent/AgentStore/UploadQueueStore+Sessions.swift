import Foundation
import GRDB

extension UploadQueueStore {
    /// The folder's session row, made (with a fresh idempotency key) on first use.
    package func sessionRow(key: String, now: Date = Date()) async throws -> CaptureSessionRow {
        try await write { db in
            if let row = try CaptureSessionRow.fetchOne(db, key: key) { return row }
            let row = CaptureSessionRow(
                key: key, idempotencyKey: "relay-agent.session.\(UUID().uuidString.lowercased())", serverId: nil,
                createdAt: now.timeIntervalSince1970)
            try row.insert(db)
            return row
        }
    }

    package func setSessionServerId(key: String, serverId: String) async throws {
        try await write { db in
            try db.execute(sql: "UPDATE sessions SET server_id = ? WHERE key = ?", arguments: [serverId, key])
        }
    }

    /// Forgets a folder's backend session that no longer takes uploads (completed or abandoned by someone,
    /// or deleted): the row gets a fresh idempotency key and no server id, so the next step opens a new
    /// session. Only if the row still names `staleServerId` — workers that hit the same closed session at
    /// once replace it once. Returns whether this call replaced it.
    @discardableResult
    package func replaceSession(key: String, staleServerId: String) async throws -> Bool {
        try await write { db in
            try db.execute(
                sql: "UPDATE sessions SET server_id = NULL, idempotency_key = ? WHERE key = ? AND server_id = ?",
                arguments: ["relay-agent.session.\(UUID().uuidString.lowercased())", key, staleServerId])
            return db.changesCount > 0
        }
    }

    /// A folder's session not yet created gets a fresh idempotency key (the backend refused the old one:
    /// first used with another body). Returns whether the row was changed.
    @discardableResult
    package func renewSessionKey(key: String) async throws -> Bool {
        try await write { db in
            try db.execute(
                sql: "UPDATE sessions SET idempotency_key = ? WHERE key = ? AND server_id IS NULL",
                arguments: ["relay-agent.session.\(UUID().uuidString.lowercased())", key])
            return db.changesCount > 0
        }
    }

    package func sessionRows() throws -> [CaptureSessionRow] {
        try pool.read { db in try CaptureSessionRow.order(Column("created_at")).fetchAll(db) }
    }
}
