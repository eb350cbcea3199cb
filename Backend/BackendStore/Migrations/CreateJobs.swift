import FluentKit
import SQLKit

/// The durable job queue. Times are Unix seconds (double) so the same raw SQL works on both databases.
struct CreateJobs: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("jobs")
            .field("id", .string, .identifier(auto: false))
            .field("kind", .string, .required)
            .field("payload", .string, .required)
            .field("state", .string, .required)
            .field("priority", .int, .required)
            .field("attempts", .int, .required)
            .field("max_attempts", .int, .required)
            .field("run_at", .double, .required)
            .field("lease_until", .double)
            .field("worker_id", .string)
            .field("progress", .double, .required)
            .field("progress_note", .string)
            .field("last_error", .string)
            .field("created_at", .double, .required)
            .field("updated_at", .double, .required)
            .field("finished_at", .double)
            .create()
        // The claim query scans runnable jobs by state, priority and due time.
        try await (database as! any SQLDatabase)
            .raw("CREATE INDEX jobs_claim_idx ON jobs (state, priority, run_at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("jobs").delete()
    }
}
