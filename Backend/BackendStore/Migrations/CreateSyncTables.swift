import FluentKit

/// One audio sync per multi-camera session (seed 000): state, last analysis, review and its history.
struct CreateSyncTables: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("multicam_syncs")
            .field("session_id", .uuid, .identifier(auto: false), .references("multicam_sessions", "id", onDelete: .cascade))
            .field("state", .string, .required)
            .field("master_camera", .string, .required)
            .field("method", .string, .required)
            .field("job_id", .string, .required)
            .field("analysis", .string)
            .field("plot_keys", .string, .required)
            .field("computed_at", .double)
            .field("error", .string)
            .field("operator_status", .string)
            .field("final_offsets", .string)
            .field("history", .string, .required)
            .field("updated_at", .double, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("multicam_syncs").delete()
    }
}
