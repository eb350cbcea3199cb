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

    package func sessionRows() throws -> [CaptureSessionRow] {
        try pool.read { db in try CaptureSessionRow.order(Column("created_at")).fetchAll(db) }
    }
}
