import BackendCore
import FluentKit
import Foundation
import RelayAPI
import SQLKit

/// `CaptureRepository` in raw SQL that runs on SQLite and PostgreSQL alike.
package struct SQLCaptureRepository: CaptureRepository {
    let database: RelayDatabase

    package init(database: RelayDatabase) {
        self.database = database
    }

    var sql: any SQLDatabase { database.sql }

    // MARK: Vehicles

    package func upsertVehicle(orgId: UUID, vin: String?, stock: String?) async throws -> VehicleRecord? {
        for attempt in 0..<3 {
            if let vin, let found = try await vehicle(orgId: orgId, column: "vin", value: vin) {
                if found.stock == nil, let stock, try await vehicle(orgId: orgId, column: "stock", value: stock) == nil {
                    try await sql.raw("UPDATE vehicles SET stock = \(bind: stock) WHERE id = \(bind: found.id)").run()
                    return VehicleRecord(id: found.id, orgId: orgId, vin: found.vin, stock: stock)
                }
                return found
            }
            if let stock, let found = try await vehicle(orgId: orgId, column: "stock", value: stock) {
                if found.vin == nil, let vin {
                    try await sql.raw("UPDATE vehicles SET vin = \(bind: vin) WHERE id = \(bind: found.id)").run()
                    return VehicleRecord(id: found.id, orgId: orgId, vin: vin, stock: found.stock)
                }
                return found
            }
            let record = VehicleRecord(id: UUID(), orgId: orgId, vin: vin, stock: stock)
            do {
                try await sql.raw(
                    """
                    INSERT INTO vehicles (id, org_id, vin, stock, created_at)
                    VALUES (\(bind: record.id), \(bind: orgId), \(bind: vin), \(bind: stock), \(bind: Date().timeIntervalSince1970))
                    """
                ).run()
                return record
            } catch let error as any DatabaseError where error.isConstraintFailure && attempt < 2 {
                // Another request created it meanwhile: look again.
                continue
            }
        }
        return nil
    }

    func vehicle(orgId: UUID, column: String, value: String) async throws -> VehicleRecord? {
        try await sql.raw("SELECT * FROM vehicles WHERE org_id = \(bind: orgId) AND \(ident: column) = \(bind: value)")
            .first().map(Self.vehicle)
    }

    package func vehicle(id: UUID) async throws -> VehicleRecord? {
        try await sql.raw("SELECT * FROM vehicles WHERE id = \(bind: id)").first().map(Self.vehicle)
    }

    static func vehicle(_ row: any SQLRow) throws -> VehicleRecord {
        VehicleRecord(
            id: try row.decode(column: "id", as: UUID.self), orgId: try row.decode(column: "org_id", as: UUID.self),
            vin: try row.decode(column: "vin", as: String?.self), stock: try row.decode(column: "stock", as: String?.self))
    }

    // MARK: Sessions

    package func insertSession(_ s: CaptureSessionRecord) async throws {
        try await sql.raw(
            """
            INSERT INTO capture_sessions (id, org_id, site_id, vehicle_id, mode, shot_list, status, operator_id, device_id,
                started_at, completed_at)
            VALUES (\(bind: s.id), \(bind: s.orgId), \(bind: s.siteId), \(bind: s.vehicleId), \(bind: s.mode.rawValue),
                \(bind: JSONColumn.encode(s.shotList)), \(bind: s.status.rawValue), \(bind: s.operatorId), \(bind: s.deviceId),
                \(bind: s.startedAt.timeIntervalSince1970), \(bind: s.completedAt?.timeIntervalSince1970))
            """
        ).run()
    }

    package func insertSession(_ s: CaptureSessionRecord, idempotency: IdempotentRequest) async throws
        -> (session: CaptureSessionRecord, fingerprint: String?)?
    {
        let actor = idempotency.actor.uuidString.lowercased()
        try await sql.raw(
            """
            INSERT INTO capture_sessions (id, org_id, site_id, vehicle_id, mode, shot_list, status, operator_id, device_id,
                started_at, completed_at, idempotency_key, idempotency_actor, idempotency_fingerprint)
            VALUES (\(bind: s.id), \(bind: s.orgId), \(bind: s.siteId), \(bind: s.vehicleId), \(bind: s.mode.rawValue),
                \(bind: JSONColumn.encode(s.shotList)), \(bind: s.status.rawValue), \(bind: s.operatorId), \(bind: s.deviceId),
                \(bind: s.startedAt.timeIntervalSince1970), \(bind: s.completedAt?.timeIntervalSince1970), \(bind: idempotency.key),
                \(bind: actor), \(bind: idempotency.fingerprint))
            ON CONFLICT (org_id, idempotency_actor, idempotency_key) DO NOTHING
            """
        ).run()
        let row = try await sql.raw(
            """
            SELECT * FROM capture_sessions WHERE org_id = \(bind: s.orgId) AND idempotency_actor = \(bind: actor)
                AND idempotency_key = \(bind: idempotency.key)
            """
        ).first()
        guard let row else { return nil }
        return (try Self.session(row), try row.decodeNil(column: "idempotency_fingerprint") ? nil : row.decode(column: "idempotency_fingerprint", as: String.self))
    }

    package func session(id: UUID) async throws -> CaptureSessionRecord? {
        try await sql.raw("SELECT * FROM capture_sessions WHERE id = \(bind: id)").first().map(Self.session)
    }

    package func updateSessionStatus(
        id: UUID, from: CaptureSessionRecord.Status, to: CaptureSessionRecord.Status, completedAt: Date?
    ) async throws -> Bool {
        try await sql.raw(
            """
            UPDATE capture_sessions SET status = \(bind: to.rawValue), completed_at = \(bind: completedAt?.timeIntervalSince1970)
            WHERE id = \(bind: id) AND status = \(bind: from.rawValue) RETURNING id
            """
        ).first() != nil
    }

    package func sessions(_ query: SessionQuery) async throws -> (rows: [SessionSummary], total: Int) {
        var filter: SQLQueryString = "s.org_id = \(bind: query.orgId)"
        if !query.siteScope.isEmpty { filter = filter + " AND s.site_id IN (\(binds: query.siteScope))" }
        if let siteId = query.siteId { filter = filter + " AND s.site_id = \(bind: siteId)" }
        if let status = query.status { filter = filter + " AND s.status = \(bind: status.rawValue)" }
        if let vehicleId = query.vehicleId { filter = filter + " AND s.vehicle_id = \(bind: vehicleId)" }
        let total = try await sql.raw("SELECT COUNT(*) AS n FROM capture_sessions s WHERE " + filter).first()?
            .decode(column: "n", as: Int.self) ?? 0
        let rows = try await sql.raw(
            """
            SELECT s.*, v.vin AS v_vin, v.stock AS v_stock, t.name AS site_name, u.name AS operator_name,
                (SELECT COUNT(*) FROM images i WHERE i.session_id = s.id) AS image_count
            FROM capture_sessions s
            JOIN vehicles v ON v.id = s.vehicle_id
            JOIN sites t ON t.id = s.site_id
            LEFT JOIN users u ON u.id = s.operator_id
            WHERE
            """ + " " + filter + " ORDER BY s.started_at DESC, s.id LIMIT \(literal: query.limit) OFFSET \(literal: query.offset)"
        ).all()
        let summaries = try rows.map { row in
            let session = try Self.session(row)
            return SessionSummary(
                session: session,
                vehicle: VehicleRecord(
                    id: session.vehicleId, orgId: session.orgId, vin: try row.decode(column: "v_vin", as: String?.self),
                    stock: try row.decode(column: "v_stock", as: String?.self)),
                siteName: try row.decode(column: "site_name", as: String.self),
                operatorName: try row.decode(column: "operator_name", as: String?.self),
                imageCount: try row.decode(column: "image_count", as: Int.self))
        }
        return (summaries, total)
    }

    static func session(_ row: any SQLRow) throws -> CaptureSessionRecord {
        CaptureSessionRecord(
            id: try row.decode(column: "id", as: UUID.self), orgId: try row.decode(column: "org_id", as: UUID.self),
            siteId: try row.decode(column: "site_id", as: UUID.self), vehicleId: try row.decode(column: "vehicle_id", as: UUID.self),
            mode: CaptureSessionRecord.Mode(rawValue: try row.decode(column: "mode", as: String.self)) ?? .stills,
            shotList: JSONColumn.object(try row.decode(column: "shot_list", as: String.self)),
            status: CaptureSessionRecord.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .failed,
            operatorId: try row.decode(column: "operator_id", as: UUID?.self),
            deviceId: try row.decode(column: "device_id", as: UUID?.self),
            startedAt: Date(timeIntervalSince1970: try row.decode(column: "started_at", as: Double.self)),
            completedAt: try row.decode(column: "completed_at", as: Double?.self).map(Date.init(timeIntervalSince1970:)))
    }
}
