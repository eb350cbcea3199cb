import FluentKit
import SQLKit

/// Session `Idempotency-Key`s belong to the actor that sent them, with the request they came with:
/// unique (org_id, idempotency_actor, idempotency_key) instead of per org, and a fingerprint of the
/// request beside each key (`IdempotentRequest`). Rows stored before keep no actor: a retry that spans
/// the upgrade opens a new session rather than being matched across actors.
struct ScopeIdempotencyKeys: AsyncMigration {
    static let tables: [(table: String, oldIndex: String)] = [
        ("capture_sessions", "capture_sessions_org_idempotency_key"),
        ("multicam_sessions", "multicam_sessions_org_idempotency_key"),
    ]

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for (table, oldIndex) in Self.tables {
            try await sql.raw("ALTER TABLE \(unsafeRaw: table) ADD COLUMN idempotency_actor TEXT").run()
            try await sql.raw("ALTER TABLE \(unsafeRaw: table) ADD COLUMN idempotency_fingerprint TEXT").run()
            try await sql.raw("DROP INDEX \(unsafeRaw: oldIndex)").run()
            try await sql.raw(
                "CREATE UNIQUE INDEX \(unsafeRaw: table)_actor_idempotency_key ON \(unsafeRaw: table) (org_id, idempotency_actor, idempotency_key)"
            ).run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for (table, oldIndex) in Self.tables {
            try await sql.raw("DROP INDEX \(unsafeRaw: table)_actor_idempotency_key").run()
            try await sql.raw("CREATE UNIQUE INDEX \(unsafeRaw: oldIndex) ON \(unsafeRaw: table) (org_id, idempotency_key)").run()
            try await sql.raw("ALTER TABLE \(unsafeRaw: table) DROP COLUMN idempotency_fingerprint").run()
            try await sql.raw("ALTER TABLE \(unsafeRaw: table) DROP COLUMN idempotency_actor").run()
        }
    }
}
