import FluentKit
import SQLKit

/// Makes the agent's retried `POST /v2/sessions` safe: a recording session created with an
/// `Idempotency-Key` is created once per org (unique (org_id, idempotency_key); NULLs stay distinct).
struct AddMulticamIdempotency: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("ALTER TABLE multicam_sessions ADD COLUMN idempotency_key TEXT").run()
        try await sql.raw("CREATE UNIQUE INDEX multicam_sessions_org_idempotency_key ON multicam_sessions (org_id, idempotency_key)").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("DROP INDEX multicam_sessions_org_idempotency_key").run()
        try await sql.raw("ALTER TABLE multicam_sessions DROP COLUMN idempotency_key").run()
    }
}
