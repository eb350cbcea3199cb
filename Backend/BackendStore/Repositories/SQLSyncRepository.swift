import BackendCore
import FluentKit
import Foundation
import RelaySync
import SQLKit

/// `SyncRepository` in raw SQL that runs on SQLite and PostgreSQL alike.
package struct SQLSyncRepository: SyncRepository {
    let database: RelayDatabase

    package init(database: RelayDatabase) {
        self.database = database
    }

    var sql: any SQLDatabase { database.sql }
    var now: Double { Date().timeIntervalSince1970 }

    package func sync(sessionId: UUID) async throws -> SyncRecord? {
        try await sql.raw("SELECT * FROM multicam_syncs WHERE session_id = \(bind: sessionId)").first().map(Self.record)
    }

    package func start(sessionId: UUID, masterCamera: String, method: String, jobId: String) async throws -> Bool {
        let updated = try await sql.raw(
            """
            UPDATE multicam_syncs SET state = 'running', master_camera = \(bind: masterCamera), method = \(bind: method),
                job_id = \(bind: jobId), error = NULL, updated_at = \(bind: now)
            WHERE session_id = \(bind: sessionId) AND state <> 'running' RETURNING session_id
            """
        ).first()
        if updated != nil { return true }
        do {
            try await sql.raw(
                """
                INSERT INTO multicam_syncs (session_id, state, master_camera, method, job_id, plot_keys, history, updated_at)
                VALUES (\(bind: sessionId), 'running', \(bind: masterCamera), \(bind: method), \(bind: jobId), '{}', '[]', \(bind: now))
                """
            ).run()
            return true
        } catch let error as any DatabaseError where error.isConstraintFailure {
            return false  // a row exists and is running
        }
    }

    package func finish(sessionId: UUID, jobId: String, analysis: SyncAnalysis, plotKeys: [String: String]) async throws -> Bool {
        try await sql.raw(
            """
            UPDATE multicam_syncs SET state = 'computed', analysis = \(bind: JSONColumn.encode(analysis)),
                plot_keys = \(bind: JSONColumn.encode(plotKeys)), computed_at = \(bind: now), operator_status = 'pending',
                final_offsets = NULL, updated_at = \(bind: now)
            WHERE session_id = \(bind: sessionId) AND state = 'running' AND job_id = \(bind: jobId) RETURNING session_id
            """
        ).first() != nil
    }

    package func fail(sessionId: UUID, jobId: String, error: String) async throws -> Bool {
        try await sql.raw(
            """
            UPDATE multicam_syncs SET state = 'failed', error = \(bind: error), updated_at = \(bind: now)
            WHERE session_id = \(bind: sessionId) AND state = 'running' AND job_id = \(bind: jobId) RETURNING session_id
            """
        ).first() != nil
    }

    package func review(sessionId: UUID, operatorStatus: String, finalOffsets: [String: Double], entry: SyncReview) async throws -> Bool {
        // Read-modify-write of the history, guarded by updated_at so a concurrent review is not lost.
        guard let current = try await sync(sessionId: sessionId), current.state != .running, current.analysis != nil else { return false }
        let history = JSONColumn.encode(current.history + [entry])
        return try await sql.raw(
            """
            UPDATE multicam_syncs SET operator_status = \(bind: operatorStatus), final_offsets = \(bind: JSONColumn.encode(finalOffsets)),
                history = \(bind: history), updated_at = \(bind: max(now, current.updatedAt.timeIntervalSince1970 + 0.000001))
            WHERE session_id = \(bind: sessionId) AND state <> 'running' AND updated_at = \(bind: current.updatedAt.timeIntervalSince1970)
            RETURNING session_id
            """
        ).first() != nil
    }

    static func record(_ row: any SQLRow) throws -> SyncRecord {
        func json<T: Decodable>(_ column: String, _ type: T.Type) throws -> T? {
            try row.decode(column: column, as: String?.self).flatMap { try? JSONDecoder().decode(T.self, from: Data($0.utf8)) }
        }
        return SyncRecord(
            sessionId: try row.decode(column: "session_id", as: UUID.self),
            state: SyncRecord.State(rawValue: try row.decode(column: "state", as: String.self)) ?? .failed,
            masterCamera: try row.decode(column: "master_camera", as: String.self), method: try row.decode(column: "method", as: String.self),
            jobId: try row.decode(column: "job_id", as: String.self), analysis: try json("analysis", SyncAnalysis.self),
            plotKeys: try json("plot_keys", [String: String].self) ?? [:],
            computedAt: try row.decode(column: "computed_at", as: Double?.self).map(Date.init(timeIntervalSince1970:)),
            error: try row.decode(column: "error", as: String?.self), operatorStatus: try row.decode(column: "operator_status", as: String?.self),
            finalOffsets: try json("final_offsets", [String: Double].self), history: try json("history", [SyncReview].self) ?? [],
            updatedAt: Date(timeIntervalSince1970: try row.decode(column: "updated_at", as: Double.self)))
    }
}
