import FluentKit
import SQLKit

/// Vehicles, photo capture sessions, images and the append-only event log (seed 001). JSON members are
/// text; times are Unix seconds (double).
struct CreateCaptureTables: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("vehicles")
            .id()
            .field("org_id", .uuid, .required, .references("orgs", "id", onDelete: .cascade))
            .field("vin", .string)
            .field("stock", .string)
            .field("created_at", .double, .required)
            .unique(on: "org_id", "vin", name: "vehicles_org_vin_key")
            .unique(on: "org_id", "stock", name: "vehicles_org_stock_key")
            .create()
        try await database.schema("capture_sessions")
            .id()
            .field("org_id", .uuid, .required, .references("orgs", "id", onDelete: .cascade))
            .field("site_id", .uuid, .required, .references("sites", "id", onDelete: .cascade))
            .field("vehicle_id", .uuid, .required, .references("vehicles", "id", onDelete: .cascade))
            .field("mode", .string, .required)
            .field("shot_list", .string, .required)
            .field("status", .string, .required)
            .field("operator_id", .uuid)
            .field("device_id", .uuid)
            .field("started_at", .double, .required)
            .field("completed_at", .double)
            .create()
        try await database.schema("images")
            .id()
            .field("org_id", .uuid, .required, .references("orgs", "id", onDelete: .cascade))
            .field("site_id", .uuid, .required)
            .field("session_id", .uuid, .required, .references("capture_sessions", "id", onDelete: .cascade))
            .field("vehicle_id", .uuid, .required)
            .field("storage_key", .string, .required)
            .field("content_type", .string, .required)
            .field("sha256", .string, .required)
            .field("file_name", .string, .required)
            .field("angle_deg", .double)
            .field("shot_name", .string)
            .field("status", .string, .required)
            .field("failure_reason", .string)
            .field("width", .int)
            .field("height", .int)
            .field("exif", .string, .required)
            .field("qc", .string, .required)
            .field("thumb_keys", .string, .required)
            .field("created_at", .double, .required)
            .field("processed_at", .double)
            .field("published_at", .double)
            .create()
        try await database.schema("events")
            .id()
            .field("org_id", .uuid, .required)
            .field("actor_type", .string, .required)
            .field("actor_id", .uuid, .required)
            .field("entity_type", .string, .required)
            .field("entity_id", .uuid, .required)
            .field("type", .string, .required)
            .field("message", .string)
            .field("meta", .string, .required)
            .field("created_at", .double, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX capture_sessions_org_idx ON capture_sessions (org_id, site_id, status)").run()
        try await sql.raw("CREATE INDEX images_session_idx ON images (session_id, status)").run()
        try await sql.raw("CREATE INDEX events_entity_idx ON events (org_id, entity_id, created_at)").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["events", "images", "capture_sessions", "vehicles"] {
            try await database.schema(table).delete()
        }
    }
}
