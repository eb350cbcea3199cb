import FluentKit
import SQLKit

/// Multi-camera sessions and their assets (seed 000). One asset per (session, camera, version): the
/// unique key is what makes two concurrent init-uploads for one camera end in one asset and one 409.
struct CreateMulticamTables: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("multicam_sessions")
            .id()
            .field("org_id", .uuid, .required, .references("orgs", "id", onDelete: .cascade))
            .field("title", .string, .required)
            .field("date", .string, .required)
            .field("location", .string)
            .field("notes", .string)
            .field("project_id", .string, .required)
            .field("created_by", .uuid, .required)
            .field("created_at", .double, .required)
            .field("updated_at", .double, .required)
            .create()
        try await database.schema("multicam_assets")
            .id()
            .field("session_id", .uuid, .required, .references("multicam_sessions", "id", onDelete: .cascade))
            .field("org_id", .uuid, .required)
            .field("camera_label", .string, .required)
            .field("version", .int, .required)
            .field("file_name", .string, .required)
            .field("content_type", .string, .required)
            .field("size_bytes", .int64, .required)
            .field("storage_key", .string, .required)
            .field("upload_id", .string, .required)
            .field("part_size", .int64, .required)
            .field("part_count", .int, .required)
            .field("upload_expires_at", .double, .required)
            .field("status", .string, .required)
            .field("error_code", .string)
            .field("error_message", .string)
            .field("issues", .string, .required)
            .field("metadata", .string)
            .field("derivatives", .string, .required)
            .field("ingestion_job_id", .string)
            .field("created_at", .double, .required)
            .field("updated_at", .double, .required)
            .unique(on: "session_id", "camera_label", "version", name: "multicam_assets_camera_version_key")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX multicam_sessions_org_idx ON multicam_sessions (org_id, created_at)").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["multicam_assets", "multicam_sessions"] {
            try await database.schema(table).delete()
        }
    }
}
