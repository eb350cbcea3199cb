import FluentKit
import SQLKit

/// Client idempotency keys on the event log: unique per org (NULLs, the events sent without a key, are
/// distinct in both SQLite and PostgreSQL), so `INSERT … ON CONFLICT (org_id, idempotency_key) DO NOTHING`
/// stores a re-sent event once.
struct AddEventIdempotencyKeys: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("ALTER TABLE events ADD COLUMN idempotency_key TEXT").run()
        try await sql.raw("CREATE UNIQUE INDEX events_org_idempotency_key ON events (org_id, idempotency_key)").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("DROP INDEX events_org_idempotency_key").run()
        try await sql.raw("ALTER TABLE events DROP COLUMN idempotency_key").run()
    }
}
