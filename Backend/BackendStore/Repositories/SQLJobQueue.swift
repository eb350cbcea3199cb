import BackendCore
import Foundation
import SQLKit

/// `JobQueue` on the backend's database with raw SQL that runs on both SQLite and PostgreSQL.
///
/// A claim is one `UPDATE … WHERE id = (SELECT … LIMIT 1) RETURNING *` statement. On PostgreSQL the
/// inner select adds `FOR UPDATE SKIP LOCKED`, so concurrent workers in many processes never take the same
/// row and never wait on each other; on SQLite the single writer serialises claims.
package struct SQLJobQueue: JobQueue {
    let database: RelayDatabase

    package init(database: RelayDatabase) {
        self.database = database
    }

    @discardableResult
    package func enqueue(_ job: NewJob) async throws -> String {
        try await Self.insert(job, on: database.sql)
    }

    /// Inserts a queued job through `sql` — a transaction of the caller's, when the job must be queued
    /// together with the change that calls for it.
    package static func insert(_ job: NewJob, on sql: any SQLDatabase) async throws -> String {
        let id = UUID().uuidString.lowercased()
        let now = Date().timeIntervalSince1970
        try await sql.raw(
            """
            INSERT INTO jobs (id, kind, payload, state, priority, attempts, max_attempts, run_at, progress,
                created_at, updated_at)
            VALUES (\(bind: id), \(bind: job.kind), \(bind: job.payload), 'queued', \(bind: job.priority), 0,
                \(bind: max(1, job.maxAttempts)), \(bind: job.runAt?.timeIntervalSince1970 ?? now), 0, \(bind: now),
                \(bind: now))
            """
        ).run()
        return id
    }

    package func claim(workerId: String, kinds: [String]?, lease: Duration, now: Date) async throws -> Job? {
        let sql = database.sql
        let nowSeconds = now.timeIntervalSince1970
        // Jobs whose worker died on their last allowed attempt are not re-run: dead-letter them.
        try await sql.raw(
            """
            UPDATE jobs SET state = 'dead', worker_id = NULL, lease_until = NULL, finished_at = \(bind: nowSeconds),
                updated_at = \(bind: nowSeconds),
                last_error = 'lease expired on the final attempt (worker stopped or crashed)'
            WHERE state = 'running' AND lease_until < \(bind: nowSeconds) AND attempts >= max_attempts
            """
        ).run()
        var kindFilter: SQLQueryString = ""
        if let kinds {
            guard !kinds.isEmpty else { return nil }
            kindFilter = "AND kind IN (\(binds: kinds))"
        }
        let lock: SQLQueryString = database.isPostgres ? "FOR UPDATE SKIP LOCKED" : ""
        let leaseUntil = nowSeconds + lease.timeInterval
        let row = try await sql.raw(
            """
            UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_until = \(bind: leaseUntil),
                worker_id = \(bind: workerId), updated_at = \(bind: nowSeconds)
            WHERE id = (
                SELECT id FROM jobs
                WHERE ((state = 'queued' AND run_at <= \(bind: nowSeconds))
                    OR (state = 'running' AND lease_until < \(bind: nowSeconds) AND attempts < max_attempts))
                    \(kindFilter)
                ORDER BY priority, run_at
                LIMIT 1
                \(lock))
            RETURNING *
            """
        ).first()
        return try row.map(Self.decode)
    }

    package func heartbeat(id: String, workerId: String, lease: Duration, now: Date) async throws -> Bool {
        let nowSeconds = now.timeIntervalSince1970
        let row = try await database.sql.raw(
            """
            UPDATE jobs SET lease_until = \(bind: nowSeconds + lease.timeInterval),
                updated_at = \(bind: nowSeconds)
            WHERE id = \(bind: id) AND worker_id = \(bind: workerId) AND state = 'running'
            RETURNING id
            """
        ).first()
        return row != nil
    }

    package func reportProgress(id: String, workerId: String, progress: Double, note: String?, now: Date) async throws {
        try await database.sql.raw(
            """
            UPDATE jobs SET progress = \(bind: progress), progress_note = \(bind: note),
                updated_at = \(bind: now.timeIntervalSince1970)
            WHERE id = \(bind: id) AND worker_id = \(bind: workerId) AND state = 'running'
            """
        ).run()
    }

    package func complete(id: String, workerId: String, now: Date) async throws {
        let nowSeconds = now.timeIntervalSince1970
        try await database.sql.raw(
            """
            UPDATE jobs SET state = 'succeeded', progress = 1, lease_until = NULL, finished_at = \(bind: nowSeconds),
                updated_at = \(bind: nowSeconds)
            WHERE id = \(bind: id) AND worker_id = \(bind: workerId) AND state = 'running'
            """
        ).run()
    }

    package func fail(id: String, workerId: String, error: String, retryAt: Date?, now: Date) async throws {
        let nowSeconds = now.timeIntervalSince1970
        let message = String(error.prefix(4000))
        // Retry only while attempts remain and the failure is not permanent (retryAt given).
        let retry = retryAt?.timeIntervalSince1970 ?? -1
        try await database.sql.raw(
            """
            UPDATE jobs SET
                state = CASE WHEN \(bind: retry) >= 0 AND attempts < max_attempts THEN 'queued' ELSE 'dead' END,
                run_at = CASE WHEN \(bind: retry) >= 0 THEN \(bind: retry) ELSE run_at END,
                finished_at = CASE WHEN \(bind: retry) >= 0 AND attempts < max_attempts THEN NULL
                    ELSE \(bind: nowSeconds) END,
                lease_until = NULL, worker_id = NULL, last_error = \(bind: message), updated_at = \(bind: nowSeconds)
            WHERE id = \(bind: id) AND worker_id = \(bind: workerId) AND state = 'running'
            """
        ).run()
    }

    package func job(id: String) async throws -> Job? {
        try await database.sql.raw("SELECT * FROM jobs WHERE id = \(bind: id)").first().map(Self.decode)
    }

    package func counts() async throws -> [Job.State: Int] {
        let rows = try await database.sql.raw("SELECT state, COUNT(*) AS n FROM jobs GROUP BY state").all()
        var counts: [Job.State: Int] = [:]
        for row in rows {
            if let state = Job.State(rawValue: try row.decode(column: "state", as: String.self)) {
                counts[state] = try row.decode(column: "n", as: Int.self)
            }
        }
        return counts
    }

    static func decode(_ row: any SQLRow) throws -> Job {
        func date(_ column: String) throws -> Date? {
            try row.decode(column: column, as: Double?.self).map(Date.init(timeIntervalSince1970:))
        }
        return Job(
            id: try row.decode(column: "id", as: String.self),
            kind: try row.decode(column: "kind", as: String.self),
            payload: try row.decode(column: "payload", as: String.self),
            state: Job.State(rawValue: try row.decode(column: "state", as: String.self)) ?? .dead,
            priority: try row.decode(column: "priority", as: Int.self),
            attempts: try row.decode(column: "attempts", as: Int.self),
            maxAttempts: try row.decode(column: "max_attempts", as: Int.self),
            runAt: try date("run_at") ?? Date(timeIntervalSince1970: 0),
            leaseUntil: try date("lease_until"),
            workerId: try row.decode(column: "worker_id", as: String?.self),
            progress: try row.decode(column: "progress", as: Double.self),
            progressNote: try row.decode(column: "progress_note", as: String?.self),
            lastError: try row.decode(column: "last_error", as: String?.self),
            createdAt: try date("created_at") ?? Date(timeIntervalSince1970: 0),
            updatedAt: try date("updated_at") ?? Date(timeIntervalSince1970: 0),
            finishedAt: try date("finished_at"))
    }
}
