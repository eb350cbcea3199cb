import BackendCore
import FluentKit
import Foundation
import SQLKit

/// `VideoRepository` in raw SQL that runs on SQLite and PostgreSQL alike.
package struct SQLVideoRepository: VideoRepository {
    let database: RelayDatabase

    package init(database: RelayDatabase) {
        self.database = database
    }

    var sql: any SQLDatabase { database.sql }

    package func insert(_ v: VideoRecord) async throws {
        try await sql.raw(
            """
            INSERT INTO videos (id, org_id, uploaded_by, state, failure_reason, original_key, file_name, size_bytes, metadata,
                manifest, renditions, ladder_state, created_at, updated_at)
            VALUES (\(bind: v.id), \(bind: v.orgId), \(bind: v.uploadedBy), \(bind: v.state.rawValue), \(bind: v.failureReason),
                \(bind: v.originalKey), \(bind: v.fileName), \(bind: v.sizeBytes), \(bind: v.metadata.map(JSONColumn.encode)),
                \(bind: v.manifest), \(bind: JSONColumn.encode(v.renditions)), \(bind: v.ladderState.rawValue),
                \(bind: v.createdAt.timeIntervalSince1970), \(bind: v.updatedAt.timeIntervalSince1970))
            """
        ).run()
    }

    package func video(id: UUID) async throws -> VideoRecord? {
        try await sql.raw("SELECT * FROM videos WHERE id = \(bind: id)").first().map(Self.video)
    }

    package func delete(id: UUID) async throws {
        try await sql.raw("DELETE FROM videos WHERE id = \(bind: id)").run()
    }

    package func transition(id: UUID, from: [VideoRecord.State], to: VideoRecord.State, failureReason: String?) async throws -> Bool {
        try await sql.raw(
            """
            UPDATE videos SET state = \(bind: to.rawValue), failure_reason = \(bind: failureReason),
                updated_at = \(bind: Date().timeIntervalSince1970)
            WHERE id = \(bind: id) AND state IN (\(binds: from.map(\.rawValue))) RETURNING id
            """
        ).first() != nil
    }

    package func setMetadata(id: UUID, metadata: VideoMetadata) async throws {
        try await sql.raw(
            """
            UPDATE videos SET metadata = \(bind: JSONColumn.encode(metadata)), updated_at = \(bind: Date().timeIntervalSince1970)
            WHERE id = \(bind: id)
            """
        ).run()
    }

    package func publishManifest(
        id: UUID, manifest: String, renditions: [String], ladderState: VideoRecord.LadderState, ready: Bool
    ) async throws -> Bool {
        // With `ready` the video must still be PROCESSING (a retried job never resurrects a FAILED one);
        // without it, it must be READY (the ladder replaces the manifest of a playable video).
        let required = ready ? VideoRecord.State.processing : .ready
        return try await sql.raw(
            """
            UPDATE videos SET state = \(bind: VideoRecord.State.ready.rawValue), manifest = \(bind: manifest),
                renditions = \(bind: JSONColumn.encode(renditions)), ladder_state = \(bind: ladderState.rawValue),
                updated_at = \(bind: Date().timeIntervalSince1970)
            WHERE id = \(bind: id) AND state = \(bind: required.rawValue) RETURNING id
            """
        ).first() != nil
    }

    package func setLadderState(id: UUID, _ state: VideoRecord.LadderState) async throws {
        try await sql.raw(
            """
            UPDATE videos SET ladder_state = \(bind: state.rawValue), updated_at = \(bind: Date().timeIntervalSince1970)
            WHERE id = \(bind: id)
            """
        ).run()
    }

    package func videos(orgId: UUID, state: VideoRecord.State?, limit: Int, offset: Int) async throws -> (rows: [VideoRecord], total: Int) {
        let filter: SQLQueryString = state.map { "AND state = \(bind: $0.rawValue)" } ?? ""
        let rows = try await sql.raw(
            """
            SELECT * FROM videos WHERE org_id = \(bind: orgId) \(filter)
            ORDER BY created_at DESC, id LIMIT \(bind: limit) OFFSET \(bind: offset)
            """
        ).all().map(Self.video)
        let total = try await sql.raw("SELECT COUNT(*) AS n FROM videos WHERE org_id = \(bind: orgId) \(filter)")
            .first()?.decode(column: "n", as: Int.self) ?? 0
        return (rows, total)
    }

    package func readyVideoIds(orgId: UUID) async throws -> [UUID] {
        try await sql.raw(
            """
            SELECT id FROM videos WHERE org_id = \(bind: orgId) AND state = \(bind: VideoRecord.State.ready.rawValue)
                AND manifest IS NOT NULL ORDER BY created_at, id
            """
        ).all().map { try $0.decode(column: "id", as: UUID.self) }
    }

    static func video(_ row: any SQLRow) throws -> VideoRecord {
        let metadata = try row.decode(column: "metadata", as: String?.self).flatMap {
            try? JSONDecoder().decode(VideoMetadata.self, from: Data($0.utf8))
        }
        let renditions = (try? JSONDecoder().decode([String].self, from: Data(try row.decode(column: "renditions", as: String.self).utf8))) ?? []
        return VideoRecord(
            id: try row.decode(column: "id", as: UUID.self), orgId: try row.decode(column: "org_id", as: UUID.self),
            uploadedBy: try row.decode(column: "uploaded_by", as: UUID.self),
            state: VideoRecord.State(rawValue: try row.decode(column: "state", as: String.self)) ?? .failed,
            failureReason: try row.decode(column: "failure_reason", as: String?.self),
            originalKey: try row.decode(column: "original_key", as: String.self),
            fileName: try row.decode(column: "file_name", as: String.self),
            sizeBytes: try row.decode(column: "size_bytes", as: Int64.self), metadata: metadata,
            manifest: try row.decode(column: "manifest", as: String?.self), renditions: renditions,
            ladderState: VideoRecord.LadderState(rawValue: try row.decode(column: "ladder_state", as: String.self)) ?? .none,
            createdAt: Date(timeIntervalSince1970: try row.decode(column: "created_at", as: Double.self)),
            updatedAt: Date(timeIntervalSince1970: try row.decode(column: "updated_at", as: Double.self)))
    }
}
