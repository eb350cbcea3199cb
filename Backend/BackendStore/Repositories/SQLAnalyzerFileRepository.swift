import BackendCore
import FluentKit
import Foundation
import SQLKit

/// `AnalyzerFileRepository` in raw SQL that runs on SQLite and PostgreSQL alike.
package struct SQLAnalyzerFileRepository: AnalyzerFileRepository {
    let database: RelayDatabase

    package init(database: RelayDatabase) {
        self.database = database
    }

    var sql: any SQLDatabase { database.sql }

    package func register(_ entries: [(id: String, path: String)]) async throws {
        guard !entries.isEmpty else { return }
        let now = Date().timeIntervalSince1970
        // Chunks keep the statement's parameters well under SQLite's limit.
        for chunk in stride(from: 0, to: entries.count, by: 200).map({ Array(entries[$0..<min($0 + 200, entries.count)]) }) {
            let values = SQLList(chunk.map { SQLQueryString("(\(bind: $0.id), \(bind: $0.path), \(bind: now))") })
            try await sql.raw("INSERT INTO analyzer_files (id, path, created_at) VALUES \(values) ON CONFLICT (id) DO NOTHING").run()
        }
    }

    package func insertUpload(id: String, path: String, orgId: UUID, description: String?, tags: [String], fileType: String?) async throws {
        let now = Date().timeIntervalSince1970
        try await sql.raw(
            """
            INSERT INTO analyzer_files (id, path, org_id, description, tags, file_type, created_at)
            VALUES (\(bind: id), \(bind: path), \(bind: orgId), \(bind: description), \(bind: JSONColumn.encode(tags)), \(bind: fileType), \(bind: now))
            ON CONFLICT (id) DO UPDATE SET org_id = excluded.org_id, description = excluded.description, tags = excluded.tags,
                file_type = excluded.file_type
            """
        ).run()
    }

    package func file(id: String) async throws -> (path: String, description: String?, tags: [String])? {
        guard let row = try await sql.raw("SELECT * FROM analyzer_files WHERE id = \(bind: id)").first() else { return nil }
        return (try row.decode(column: "path", as: String.self), try row.decode(column: "description", as: String?.self), Self.tags(row))
    }

    package func notes(paths: [String]) async throws -> [String: (description: String?, tags: [String])] {
        guard !paths.isEmpty else { return [:] }
        var notes: [String: (description: String?, tags: [String])] = [:]
        for chunk in stride(from: 0, to: paths.count, by: 500).map({ Array(paths[$0..<min($0 + 500, paths.count)]) }) {
            let rows = try await sql.raw(
                "SELECT path, description, tags FROM analyzer_files WHERE org_id IS NOT NULL AND path IN (\(binds: chunk))"
            ).all()
            for row in rows {
                notes[try row.decode(column: "path", as: String.self)] = (try row.decode(column: "description", as: String?.self), Self.tags(row))
            }
        }
        return notes
    }

    static func tags(_ row: any SQLRow) -> [String] {
        ((try? row.decode(column: "tags", as: String?.self)) ?? nil).flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) } ?? []
    }
}
