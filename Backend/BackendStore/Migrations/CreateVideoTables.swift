import FluentKit
import SQLKit

/// Uploaded videos and their HLS output (seed 003). Times are Unix seconds (double); `metadata` and
/// `renditions` are JSON text.
struct CreateVideoTables: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("videos")
            .id()
            .field("org_id", .uuid, .required, .references("orgs", "id", onDelete: .cascade))
            .field("uploaded_by", .uuid, .required)
            .field("state", .string, .required)
            .field("failure_reason", .string)
            .field("original_key", .string, .required)
            .field("file_name", .string, .required)
            .field("size_bytes", .int64, .required)
            .field("metadata", .string)
            .field("manifest", .string)
            .field("renditions", .string, .required)
            .field("ladder_state", .string, .required)
            .field("created_at", .double, .required)
            .field("updated_at", .double, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX videos_org_state_idx ON videos (org_id, state, created_at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("videos").delete()
    }
}
