import BackendCore
import FluentKit
import Foundation
import SQLKit

/// `AnalysisBatchRepository` in raw SQL that runs on SQLite and PostgreSQL alike.
package struct SQLAnalysisBatchRepository: AnalysisBatchRepository {
    let database: RelayDatabase

    package init(database: RelayDatabase) {
        self.database = database
    }

    var sql: any SQLDatabase { database.sql }

    package func insert(_ b: AnalysisBatchRecord, items: [AnalysisBatchItem]) async throws {
        try await database.db.transaction { db in
            let sql = db as! any SQLDatabase
            try await sql.raw(
                """
                INSERT INTO analysis_batches (id, org_id, created_by, description, status, parallel_jobs, priority, webhook_url,
                    webhook_secret, webhook_state, item_count, created_at, started_at, finished_at)
                VALUES (\(bind: b.id), \(bind: b.orgId), \(bind: b.createdBy), \(bind: b.description), \(bind: b.status.rawValue),
                    \(bind: b.parallelJobs), \(bind: b.priority), \(bind: b.webhookURL), \(bind: b.webhookSecret), \(bind: b.webhookState),
                    \(bind: b.itemCount), \(bind: b.createdAt.timeIntervalSince1970), \(bind: b.startedAt?.timeIntervalSince1970),
                    \(bind: b.finishedAt?.timeIntervalSince1970))
                """
            ).run()
            for chunk in stride(from: 0, to: items.count, by: 100).map({ Array(items[$0..<min($0 + 100, items.count)]) }) {
                let values = SQLList(chunk.map { i in
                    SQLQueryString(
                        """
                        (\(bind: i.batchId), \(bind: i.index), \(bind: i.line), \(bind: i.masterPath), \(bind: i.dubPath),
                        \(bind: JSONColumn.encode(i.methods)), \(bind: i.aiModel), \(bind: i.description), \(bind: JSONColumn.encode(i.tags)), NULL)
                        """)
                })
                try await sql.raw(
                    """
                    INSERT INTO analysis_batch_items (batch_id, item_index, line, master_path, dub_path, methods, ai_model, description,
                        tags, analysis_id) VALUES \(values)
                    """
                ).run()
            }
        }
    }

    package func batch(id: String) async throws -> AnalysisBatchRecord? {
        try await sql.raw("SELECT * FROM analysis_batches WHERE id = \(bind: id)").first().map(Self.batch)
    }

    package func items(batchId: String) async throws -> [AnalysisBatchItem] {
        try await sql.raw("SELECT * FROM analysis_batch_items WHERE batch_id = \(bind: batchId) ORDER BY item_index").all().map(Self.item)
    }

    package func start(id: String, parallelJobs: Int, priority: String, webhookURL: String?, webhookSecret: String?, now: Date) async throws -> Bool {
        try await sql.raw(
            """
            UPDATE analysis_batches SET status = 'processing', parallel_jobs = \(bind: parallelJobs), priority = \(bind: priority),
                webhook_url = \(bind: webhookURL), webhook_secret = \(bind: webhookSecret),
                webhook_state = \(bind: webhookURL == nil ? "none" : "pending"), started_at = \(bind: now.timeIntervalSince1970)
            WHERE id = \(bind: id) AND status = 'uploaded' RETURNING id
            """
        ).first() != nil
    }

    package func dispatch(batchId: String, now: Date, make: @escaping @Sendable (AnalysisBatchItem) -> (AnalysisRecord, NewJob)) async throws
        -> (dispatched: [String], finished: AnalysisBatchRecord.Status?)
    {
        let isPostgres = database.isPostgres
        return try await database.db.transaction { db in
            let sql = db as! any SQLDatabase
            // The batch row is the lock: concurrent dispatches (workers finishing at once, in any process)
            // take turns, so the count below stays true until this transaction commits.
            let lock: SQLQueryString = isPostgres ? " FOR UPDATE" : ""
            guard let row = try await sql.raw("SELECT * FROM analysis_batches WHERE id = \(bind: batchId)" + lock).first() else {
                return ([], nil)
            }
            if !isPostgres {
                // SQLite: a write first takes the database's write lock for the rest of the transaction.
                try await sql.raw("UPDATE analysis_batches SET item_count = item_count WHERE id = \(bind: batchId)").run()
            }
            let batch = try Self.batch(row)
            guard batch.status == .processing else { return ([], nil) }
            let active = try await sql.raw(
                "SELECT COUNT(*) AS n FROM analyses WHERE batch_id = \(bind: batchId) AND status IN ('queued', 'processing')"
            ).first()?.decode(column: "n", as: Int.self) ?? 0
            let free = max(0, batch.parallelJobs - active)
            var dispatched: [String] = []
            if free > 0 {
                let pending = try await sql.raw(
                    """
                    SELECT * FROM analysis_batch_items WHERE batch_id = \(bind: batchId) AND analysis_id IS NULL
                    ORDER BY item_index LIMIT \(bind: free)
                    """
                ).all().map(Self.item)
                for item in pending {
                    let made = make(item)  // the job carries the analysis id, the record its job id
                    var record = made.0
                    let job = made.1
                    let jobId = try await SQLJobQueue.insert(job, on: sql)
                    record.jobId = jobId
                    try await SQLAnalysisRepository.insert(record, on: sql)
                    try await sql.raw(
                        """
                        UPDATE analysis_batch_items SET analysis_id = \(bind: record.id)
                        WHERE batch_id = \(bind: batchId) AND item_index = \(bind: item.index)
                        """
                    ).run()
                    dispatched.append(record.id)
                }
            }
            guard dispatched.isEmpty, active == 0 else { return (dispatched, nil) }
            let left = try await sql.raw(
                "SELECT COUNT(*) AS n FROM analysis_batch_items WHERE batch_id = \(bind: batchId) AND analysis_id IS NULL"
            ).first()?.decode(column: "n", as: Int.self) ?? 0
            guard left == 0 else { return (dispatched, nil) }
            let succeeded = try await sql.raw(
                "SELECT COUNT(*) AS n FROM analyses WHERE batch_id = \(bind: batchId) AND status = 'completed'"
            ).first()?.decode(column: "n", as: Int.self) ?? 0
            let status: AnalysisBatchRecord.Status = succeeded == 0 ? .failed : .completed
            try await sql.raw(
                """
                UPDATE analysis_batches SET status = \(bind: status.rawValue), finished_at = \(bind: now.timeIntervalSince1970)
                WHERE id = \(bind: batchId) AND status = 'processing'
                """
            ).run()
            return (dispatched, status)
        }
    }

    package func cancel(id: String, now: Date) async throws -> Bool {
        try await database.db.transaction { db in
            let sql = db as! any SQLDatabase
            guard try await sql.raw(
                """
                UPDATE analysis_batches SET status = 'cancelled', finished_at = \(bind: now.timeIntervalSince1970)
                WHERE id = \(bind: id) AND status IN ('uploaded', 'processing') RETURNING id
                """
            ).first() != nil else { return false }
            try await sql.raw(
                """
                UPDATE analyses SET status = 'cancelled', updated_at = \(bind: now.timeIntervalSince1970), finished_at = \(bind: now.timeIntervalSince1970)
                WHERE batch_id = \(bind: id) AND status IN ('queued', 'processing')
                """
            ).run()
            return true
        }
    }

    package func delete(id: String) async throws {
        try await database.db.transaction { db in
            let sql = db as! any SQLDatabase
            try await sql.raw("DELETE FROM analyses WHERE batch_id = \(bind: id)").run()
            try await sql.raw("DELETE FROM analysis_batch_items WHERE batch_id = \(bind: id)").run()
            try await sql.raw("DELETE FROM analysis_batches WHERE id = \(bind: id)").run()
        }
    }

    package func setWebhookState(id: String, state: String) async throws {
        try await sql.raw("UPDATE analysis_batches SET webhook_state = \(bind: state) WHERE id = \(bind: id)").run()
    }

    static func batch(_ row: any SQLRow) throws -> AnalysisBatchRecord {
        AnalysisBatchRecord(
            id: try row.decode(column: "id", as: String.self), orgId: try row.decode(column: "org_id", as: UUID.self),
            createdBy: try row.decode(column: "created_by", as: UUID.self), description: try row.decode(column: "description", as: String?.self),
            status: AnalysisBatchRecord.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .failed,
            parallelJobs: try row.decode(column: "parallel_jobs", as: Int.self), priority: try row.decode(column: "priority", as: String.self),
            webhookURL: try row.decode(column: "webhook_url", as: String?.self), webhookSecret: try row.decode(column: "webhook_secret", as: String?.self),
            webhookState: try row.decode(column: "webhook_state", as: String.self), itemCount: try row.decode(column: "item_count", as: Int.self),
            createdAt: Date(timeIntervalSince1970: try row.decode(column: "created_at", as: Double.self)),
            startedAt: try row.decode(column: "started_at", as: Double?.self).map(Date.init(timeIntervalSince1970:)),
            finishedAt: try row.decode(column: "finished_at", as: Double?.self).map(Date.init(timeIntervalSince1970:)))
    }

    static func item(_ row: any SQLRow) throws -> AnalysisBatchItem {
        func list(_ column: String) throws -> [String] {
            (try? JSONDecoder().decode([String].self, from: Data(try row.decode(column: column, as: String.self).utf8))) ?? []
        }
        return AnalysisBatchItem(
            batchId: try row.decode(column: "batch_id", as: String.self), index: try row.decode(column: "item_index", as: Int.self),
            line: try row.decode(column: "line", as: Int.self), masterPath: try row.decode(column: "master_path", as: String.self),
            dubPath: try row.decode(column: "dub_path", as: String.self), methods: try list("methods"),
            aiModel: try row.decode(column: "ai_model", as: String?.self), description: try row.decode(column: "description", as: String?.self),
            tags: try list("tags"), analysisId: try row.decode(column: "analysis_id", as: String?.self))
    }
}
