import BackendCore
import FluentKit
import Foundation
import SQLKit

extension SQLJobQueue {
    package func announce(_ w: JobWorkerPresence) async throws {
        try await database.sql.raw(
            """
            INSERT INTO job_workers (id, host, pid, kinds, concurrency, started_at, seen_at)
            VALUES (\(bind: w.id), \(bind: w.host), \(bind: w.pid), \(bind: JSONColumn.encode(w.kinds)), \(bind: w.concurrency),
                \(bind: w.startedAt.timeIntervalSince1970), \(bind: w.seenAt.timeIntervalSince1970))
            ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at, kinds = excluded.kinds, concurrency = excluded.concurrency
            """
        ).run()
    }

    package func retire(workerId: String) async throws {
        try await database.sql.raw("DELETE FROM job_workers WHERE id = \(bind: workerId)").run()
    }

    package func workers(seenSince since: Date) async throws -> [JobWorkerPresence] {
        let sql = database.sql
        try await sql.raw("DELETE FROM job_workers WHERE seen_at < \(bind: since.timeIntervalSince1970 - 86_400)").run()
        return try await sql.raw(
            "SELECT * FROM job_workers WHERE seen_at >= \(bind: since.timeIntervalSince1970) ORDER BY started_at, id"
        ).all().map { row in
            JobWorkerPresence(
                id: try row.decode(column: "id", as: String.self), host: try row.decode(column: "host", as: String.self),
                pid: try row.decode(column: "pid", as: Int.self),
                kinds: (try? JSONDecoder().decode([String].self, from: Data(try row.decode(column: "kinds", as: String.self).utf8))) ?? [],
                concurrency: try row.decode(column: "concurrency", as: Int.self),
                startedAt: Date(timeIntervalSince1970: try row.decode(column: "started_at", as: Double.self)),
                seenAt: Date(timeIntervalSince1970: try row.decode(column: "seen_at", as: Double.self)))
        }
    }

    package func statistics(finishedSince since: Date) async throws -> JobStatistics {
        let sql = database.sql
        var active: [String: [String: Int]] = [:]
        for row in try await sql.raw(
            "SELECT kind, state, COUNT(*) AS n FROM jobs WHERE state IN ('queued', 'running') GROUP BY kind, state"
        ).all() {
            active[try row.decode(column: "kind", as: String.self), default: [:]][try row.decode(column: "state", as: String.self)] =
                try row.decode(column: "n", as: Int.self)
        }
        var succeeded: [String: Int] = [:], dead: [String: Int] = [:]
        for row in try await sql.raw(
            """
            SELECT kind, state, COUNT(*) AS n FROM jobs WHERE state IN ('succeeded', 'dead')
                AND finished_at >= \(bind: since.timeIntervalSince1970) GROUP BY kind, state
            """
        ).all() {
            let kind = try row.decode(column: "kind", as: String.self), n = try row.decode(column: "n", as: Int.self)
            if try row.decode(column: "state", as: String.self) == "succeeded" { succeeded[kind] = n } else { dead[kind] = n }
        }
        var running: [String: Int] = [:]
        for row in try await sql.raw(
            "SELECT worker_id, COUNT(*) AS n FROM jobs WHERE state = 'running' AND worker_id IS NOT NULL GROUP BY worker_id"
        ).all() {
            running[try row.decode(column: "worker_id", as: String.self)] = try row.decode(column: "n", as: Int.self)
        }
        return JobStatistics(active: active, succeeded: succeeded, dead: dead, runningByWorker: running)
    }
}
