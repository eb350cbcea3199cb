import FluentKit
import SQLKit

/// Seed 002: analyses (request, state, result as JSON text) and the file ids of the media roots. Times
/// are Unix seconds (double).
struct CreateAnalyzerTables: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("analyses")
            .field("id", .string, .identifier(auto: false))
            .field("org_id", .uuid, .required, .references("orgs", "id", onDelete: .cascade))
            .field("created_by", .uuid, .required)
            .field("kind", .string, .required)
            .field("source", .string, .required)
            .field("batch_id", .string)
            .field("request", .string, .required)
            .field("master_path", .string, .required)
            .field("dub_path", .string, .required)
            .field("status", .string, .required)
            .field("progress", .double, .required)
            .field("result", .string)
            .field("components_result", .string)
            .field("error_code", .string)
            .field("error_message", .string)
            .field("job_id", .string)
            .field("created_at", .double, .required)
            .field("updated_at", .double, .required)
            .field("finished_at", .double)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX analyses_org_created_idx ON analyses (org_id, created_at)").run()
        try await sql.raw("CREATE INDEX analyses_batch_idx ON analyses (batch_id)").run()
        try await database.schema("analyzer_files")
            .field("id", .string, .identifier(auto: false))
            .field("path", .string, .required)
            .field("org_id", .uuid)
            .field("description", .string)
            .field("tags", .string)
            .field("file_type", .string)
            .field("created_at", .double, .required)
            .create()
        try await sql.raw("CREATE INDEX analyzer_files_path_idx ON analyzer_files (path)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("analyzer_files").delete()
        try await database.schema("analyses").delete()
    }
}
