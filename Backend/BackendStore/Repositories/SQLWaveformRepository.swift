import BackendCore
import FluentKit
import Foundation
import SQLKit

/// `WaveformRepository` in raw SQL that runs on SQLite and PostgreSQL alike.
package struct SQLWaveformRepository: WaveformRepository {
    let database: RelayDatabase

    package init(database: RelayDatabase) {
        self.database = database
    }

    var sql: any SQLDatabase { database.sql }

    package func entry(key: String) async throws -> WaveformCacheEntry? {
        try await sql.raw("SELECT * FROM analyzer_waveforms WHERE key = \(bind: key)").first().map(Self.entry)
    }

    package func save(_ e: WaveformCacheEntry) async throws {
        try await sql.raw(
            """
            INSERT INTO analyzer_waveforms (key, org_id, source_path, source_size, source_modified, width, analysis_id, bytes, generated_at)
            VALUES (\(bind: e.key), \(bind: e.orgId), \(bind: e.sourcePath), \(bind: e.sourceSize), \(bind: e.sourceModified), \(bind: e.width),
                \(bind: e.analysisId), \(bind: e.bytes), \(bind: e.generatedAt.timeIntervalSince1970))
            ON CONFLICT (key) DO UPDATE SET bytes = excluded.bytes, generated_at = excluded.generated_at,
                analysis_id = COALESCE(excluded.analysis_id, analyzer_waveforms.analysis_id)
            """
        ).run()
    }

    package func list(orgId: UUID, limit: Int) async throws -> [WaveformCacheEntry] {
        try await sql.raw(
            "SELECT * FROM analyzer_waveforms WHERE org_id = \(bind: orgId) ORDER BY generated_at DESC LIMIT \(bind: limit)"
        ).all().map(Self.entry)
    }

    package func remove(orgId: UUID, before: Date?) async throws -> [WaveformCacheEntry] {
        let cutoff = before?.timeIntervalSince1970 ?? .greatestFiniteMagnitude
        return try await sql.raw(
            "DELETE FROM analyzer_waveforms WHERE org_id = \(bind: orgId) AND generated_at < \(bind: cutoff) RETURNING *"
        ).all().map(Self.entry)
    }

    static func entry(_ row: any SQLRow) throws -> WaveformCacheEntry {
        WaveformCacheEntry(
            key: try row.decode(column: "key", as: String.self), orgId: try row.decode(column: "org_id", as: UUID.self),
            sourcePath: try row.decode(column: "source_path", as: String.self), sourceSize: try row.decode(column: "source_size", as: Int64.self),
            sourceModified: try row.decode(column: "source_modified", as: Double.self), width: try row.decode(column: "width", as: Int.self),
            analysisId: try row.decode(column: "analysis_id", as: String?.self), bytes: try row.decode(column: "bytes", as: Int.self),
            generatedAt: Date(timeIntervalSince1970: try row.decode(column: "generated_at", as: Double.self)))
    }
}
