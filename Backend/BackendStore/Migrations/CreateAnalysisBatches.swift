import FluentKit
import SQLKit

/// Seed 002's batches: the batch and its CSV rows (validated pairs), each pointing at its analysis once
/// dispatched. Times are Unix seconds (double).
struct CreateAnalysisBatches: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("analysis_batches")
            .field("id", .string, .identifier(auto: false))
            .field("org_id", .uuid, .required, .references("orgs", "id", onDelete: .cascade))
            .field("created_by", .uuid, .required)
            .field("description", .string)
            .field("status", .string, .required)
            .field("parallel_jobs", .int, .required)
            .field("priority", .string, .required)
            .field("webhook_url", .string)
            .field("webhook_secret", .string)
            .field("webhook_state", .string, .required)
            .field("item_count", .int, .required)
            .field("created_at", .double, .required)
            .field("started_at", .double)
            .field("finished_at", .double)
            .create()
        try await database.schema("analysis_batch_items")
            .field("batch_id", .string, .required, .references("analysis_batches", "id", onDelete: .cascade))
            .field("item_index", .int, .required)
            .field("line", .int, .required)
            .field("master_path", .string, .required)
            .field("dub_path", .string, .required)
            .field("methods", .string, .required)
            .field("ai_model", .string)
            .field("description", .string)
            .field("tags", .string, .required)
            .field("analysis_id", .string)
            .compositeIdentifier(over: "batch_id", "item_index")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX analysis_batches_org_idx ON analysis_batches (org_id, created_at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("analysis_batch_items").delete()
        try await database.schema("analysis_batches").delete()
    }
}
