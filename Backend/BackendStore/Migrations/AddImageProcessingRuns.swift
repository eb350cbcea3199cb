import FluentKit
import SQLKit

/// Counts how often each image was queued for processing, so repeated `upload_complete` events for an
/// image that keeps failing stop queueing jobs (`CaptureService.maxProcessingRuns`). Images already past
/// `pending` have run once.
struct AddImageProcessingRuns: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("ALTER TABLE images ADD COLUMN processing_runs BIGINT NOT NULL DEFAULT 0").run()
        try await sql.raw("UPDATE images SET processing_runs = 1 WHERE status <> 'pending'").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("ALTER TABLE images DROP COLUMN processing_runs").run()
    }
}
