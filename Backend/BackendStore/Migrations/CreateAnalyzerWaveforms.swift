import FluentKit
import SQLKit

/// The index of cached waveforms (seed 002); the JSON itself is in the blob store under `key`.
struct CreateAnalyzerWaveforms: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("analyzer_waveforms")
            .field("key", .string, .identifier(auto: false))
            .field("org_id", .uuid, .required, .references("orgs", "id", onDelete: .cascade))
            .field("source_path", .string, .required)
            .field("source_size", .int64, .required)
            .field("source_modified", .double, .required)
            .field("width", .int, .required)
            .field("analysis_id", .string)
            .field("bytes", .int, .required)
            .field("generated_at", .double, .required)
            .create()
        try await (database as! any SQLDatabase).raw("CREATE INDEX analyzer_waveforms_org_idx ON analyzer_waveforms (org_id, generated_at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("analyzer_waveforms").delete()
    }
}
