import BackendCore
import FluentKit
import Foundation
import SQLKit

/// `AnalyzerQueueRepository` in raw SQL that runs on SQLite and PostgreSQL alike.
package struct SQLAnalyzerQueueRepository: AnalyzerQueueRepository {
    let database: RelayDatabase

    package init(database: RelayDatabase) {
        self.database = database
    }

    var sql: any SQLDatabase { database.sql }

    package func queue(orgId: UUID) async throws -> (items: String, version: Int, clientId: String?, updatedAt: Date?) {
        guard let row = try await sql.raw("SELECT * FROM analyzer_batch_queues WHERE org_id = \(bind: orgId)").first() else {
            return ("[]", 0, nil, nil)
        }
        return (
            try row.decode(column: "items", as: String.self), try row.decode(column: "version", as: Int.self),
            try row.decode(column: "client_id", as: String?.self),
            Date(timeIntervalSince1970: try row.decode(column: "updated_at", as: Double.self))
        )
    }

    package func save(orgId: UUID, items: String, clientId: String?, expectedVersion: Int?, now: Date) async throws -> Int? {
        let at = now.timeIntervalSince1970
        guard let expected = expectedVersion else {
            return try await sql.raw(
                """
                INSERT INTO analyzer_batch_queues (org_id, items, version, client_id, updated_at)
                VALUES (\(bind: orgId), \(bind: items), 1, \(bind: clientId), \(bind: at))
                ON CONFLICT (org_id) DO UPDATE SET items = excluded.items, version = analyzer_batch_queues.version + 1,
                    client_id = excluded.client_id, updated_at = excluded.updated_at
                RETURNING version
                """
            ).first()?.decode(column: "version", as: Int.self)
        }
        if expected == 0 {
            do {
                try await sql.raw(
                    """
                    INSERT INTO analyzer_batch_queues (org_id, items, version, client_id, updated_at)
                    VALUES (\(bind: orgId), \(bind: items), 1, \(bind: clientId), \(bind: at))
                    """
                ).run()
                return 1
            } catch let error as any DatabaseError where error.isConstraintFailure {
                return nil  // someone saved first
            }
        }
        return try await sql.raw(
            """
            UPDATE analyzer_batch_queues SET items = \(bind: items), version = version + 1, client_id = \(bind: clientId),
                updated_at = \(bind: at)
            WHERE org_id = \(bind: orgId) AND version = \(bind: expected) RETURNING version
            """
        ).first()?.decode(column: "version", as: Int.self)
    }
}
