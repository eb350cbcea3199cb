import FluentKit
import SQLKit

/// Makes the agent's retries safe: a session created with an `Idempotency-Key` is created once per org
/// (unique (org_id, idempotency_key); NULLs stay distinct), and images are looked up by (session_id,
/// sha256) so presigning the same bytes into the same session again reuses the image.
struct AddCaptureIdempotency: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("ALTER TABLE capture_sessions ADD COLUMN idempotency_key TEXT").run()
        try await sql.raw("CREATE UNIQUE INDEX capture_sessions_org_idempotency_key ON capture_sessions (org_id, idempotency_key)").run()
        try await sql.raw("CREATE INDEX images_session_sha256 ON images (session_id, sha256)").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("DROP INDEX images_session_sha256").run()
        try await sql.raw("DROP INDEX capture_sessions_org_idempotency_key").run()
        try await sql.raw("ALTER TABLE capture_sessions DROP COLUMN idempotency_key").run()
    }
}
