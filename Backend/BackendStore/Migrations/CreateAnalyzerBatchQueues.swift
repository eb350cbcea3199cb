import FluentKit

/// The seed 002 UI's shared batch queue, one row per org (items as JSON text, a version for optimistic
/// concurrency).
struct CreateAnalyzerBatchQueues: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("analyzer_batch_queues")
            .field("org_id", .uuid, .identifier(auto: false), .references("orgs", "id", onDelete: .cascade))
            .field("items", .string, .required)
            .field("version", .int, .required)
            .field("client_id", .string)
            .field("updated_at", .double, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("analyzer_batch_queues").delete()
    }
}
