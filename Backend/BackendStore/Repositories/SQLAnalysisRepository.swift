import BackendCore
import FluentKit
import Foundation
import RelayAPI
import SQLKit

/// `AnalysisRepository` in raw SQL that runs on SQLite and PostgreSQL alike.
package struct SQLAnalysisRepository: AnalysisRepository {
    let database: RelayDatabase

    package init(database: RelayDatabase) {
        self.database = database
    }

    var sql: any SQLDatabase { database.sql }
    var now: Double { Date().timeIntervalSince1970 }

    package func insert(_ r: AnalysisRecord) async throws {
        try await Self.insert(r, on: sql)
    }

    /// Inserts through `sql` — a transaction of the caller's when the row goes with other changes.
    static func insert(_ r: AnalysisRecord, on sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            INSERT INTO analyses (id, org_id, created_by, kind, source, batch_id, request, master_path, dub_path, status, progress,
                result, error_code, error_message, job_id, created_at, updated_at, finished_at)
            VALUES (\(bind: r.id), \(bind: r.orgId), \(bind: r.createdBy), \(bind: r.kind), \(bind: r.source), \(bind: r.batchId),
                \(bind: JSONColumn.encode(r.request)), \(bind: r.masterPath), \(bind: r.dubPath), \(bind: r.status.rawValue),
                \(bind: r.progress), \(bind: r.result.map(JSONColumn.encode)), \(bind: r.errorCode), \(bind: r.errorMessage),
                \(bind: r.jobId), \(bind: r.createdAt.timeIntervalSince1970), \(bind: r.updatedAt.timeIntervalSince1970),
                \(bind: r.finishedAt?.timeIntervalSince1970))
            """
        ).run()
    }

    package func analysis(id: String) async throws -> AnalysisRecord? {
        try await sql.raw("SELECT * FROM analyses WHERE id = \(bind: id)").first().map(Self.record)
    }

    package func list(orgId: UUID, status: AnalysisRecord.Status?, since: Date?, batchId: String?, limit: Int, offset: Int) async throws
        -> (items: [AnalysisRecord], total: Int)
    {
        var filter = SQLQueryString("org_id = \(bind: orgId)")
        if let batchId { filter = filter + SQLQueryString(" AND batch_id = \(bind: batchId)") }
        if let status { filter = filter + SQLQueryString(" AND status = \(bind: status.rawValue)") }
        if let since { filter = filter + SQLQueryString(" AND created_at >= \(bind: since.timeIntervalSince1970)") }
        let rows = try await sql.raw(
            "SELECT * FROM analyses WHERE " + filter + " ORDER BY created_at DESC, id DESC LIMIT \(bind: limit) OFFSET \(bind: offset)"
        ).all()
        let total = try await sql.raw("SELECT COUNT(*) AS n FROM analyses WHERE " + filter).first()?.decode(column: "n", as: Int.self) ?? 0
        return (try rows.map(Self.record), total)
    }

    package func setJob(id: String, jobId: String) async throws {
        try await sql.raw("UPDATE analyses SET job_id = \(bind: jobId), updated_at = \(bind: now) WHERE id = \(bind: id)").run()
    }

    package func start(id: String) async throws -> Bool {
        try await sql.raw(
            """
            UPDATE analyses SET status = 'processing', progress = 5, updated_at = \(bind: now)
            WHERE id = \(bind: id) AND status = 'queued' RETURNING id
            """
        ).first() != nil
    }

    package func progress(id: String, percent: Double) async throws {
        try await sql.raw(
            """
            UPDATE analyses SET progress = \(bind: min(max(percent, 0), 100)), updated_at = \(bind: now)
            WHERE id = \(bind: id) AND status = 'processing' AND progress < \(bind: percent)
            """
        ).run()
    }

    package func complete(id: String, result: SyncAnalysisResult?, components: ComponentizedResult?) async throws -> Bool {
        try await sql.raw(
            """
            UPDATE analyses SET status = 'completed', progress = 100, result = \(bind: result.map(JSONColumn.encode)),
                components_result = \(bind: components.map(JSONColumn.encode)),
                error_code = NULL, error_message = NULL, updated_at = \(bind: now), finished_at = \(bind: now)
            WHERE id = \(bind: id) AND status = 'processing' RETURNING id
            """
        ).first() != nil
    }

    package func fail(id: String, code: String, message: String) async throws -> Bool {
        try await sql.raw(
            """
            UPDATE analyses SET status = 'failed', error_code = \(bind: code), error_message = \(bind: message),
                updated_at = \(bind: now), finished_at = \(bind: now)
            WHERE id = \(bind: id) AND status IN ('queued', 'processing') RETURNING id
            """
        ).first() != nil
    }

    package func cancel(id: String) async throws -> Bool {
        try await sql.raw(
            """
            UPDATE analyses SET status = 'cancelled', updated_at = \(bind: now), finished_at = \(bind: now)
            WHERE id = \(bind: id) AND status IN ('queued', 'processing') RETURNING id
            """
        ).first() != nil
    }

    package func requeue(id: String) async throws -> Bool {
        try await sql.raw(
            "UPDATE analyses SET status = 'queued', progress = 0, updated_at = \(bind: now) WHERE id = \(bind: id) AND status = 'processing' RETURNING id"
        ).first() != nil
    }

    package func failOrphans(id: String?, batchId: String?) async throws -> Int {
        var scope: SQLQueryString = ""
        if let id { scope = scope + SQLQueryString(" AND id = \(bind: id)") }
        if let batchId { scope = scope + SQLQueryString(" AND batch_id = \(bind: batchId)") }
        return try await sql.raw(
            """
            UPDATE analyses SET status = 'failed', error_code = 'ANALYSIS_FAILED',
                error_message = 'the worker running it stopped on its last attempt', updated_at = \(bind: now), finished_at = \(bind: now)
            WHERE status IN ('queued', 'processing') AND job_id IN (SELECT id FROM jobs WHERE state = 'dead')
            """ + scope + " RETURNING id"
        ).all().count
    }

    static func record(_ row: any SQLRow) throws -> AnalysisRecord {
        let requestText = try row.decode(column: "request", as: String.self)
        let request = (try? JSONDecoder().decode(SyncAnalysisRequest.self, from: Data(requestText.utf8)))
            ?? SyncAnalysisRequest(masterFile: nil, dubFile: nil)
        return AnalysisRecord(
            id: try row.decode(column: "id", as: String.self), orgId: try row.decode(column: "org_id", as: UUID.self),
            createdBy: try row.decode(column: "created_by", as: UUID.self), kind: try row.decode(column: "kind", as: String.self),
            source: try row.decode(column: "source", as: String.self), batchId: try row.decode(column: "batch_id", as: String?.self),
            request: request, masterPath: try row.decode(column: "master_path", as: String.self),
            dubPath: try row.decode(column: "dub_path", as: String.self),
            status: AnalysisRecord.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .failed,
            progress: try row.decode(column: "progress", as: Double.self),
            result: try row.decode(column: "result", as: String?.self).flatMap {
                try? JSONDecoder().decode(SyncAnalysisResult.self, from: Data($0.utf8))
            },
            errorCode: try row.decode(column: "error_code", as: String?.self), errorMessage: try row.decode(column: "error_message", as: String?.self),
            jobId: try row.decode(column: "job_id", as: String?.self),
            createdAt: Date(timeIntervalSince1970: try row.decode(column: "created_at", as: Double.self)),
            updatedAt: Date(timeIntervalSince1970: try row.decode(column: "updated_at", as: Double.self)),
            finishedAt: try row.decode(column: "finished_at", as: Double?.self).map(Date.init(timeIntervalSince1970:)))
            .with(components: try row.decode(column: "components_result", as: String?.self).flatMap {
                try? JSONDecoder().decode(ComponentizedResult.self, from: Data($0.utf8))
            })
    }
}
