import BackendCore
import FluentKit
import Foundation
import RelayAPI
import SQLKit

extension SQLCaptureRepository {
    // MARK: Images

    package func insertPresigned(_ i: ImageRecord, replacing: Bool) async throws -> PresignedImageInsert {
        do {
            guard replacing, i.angleDeg != nil else {
                return try await Self.insertIfNew(i, on: sql) ? .inserted : .notInserted
            }
            return try await database.db.transaction { db in
                let sql = db as! any SQLDatabase
                try await sql.raw(
                    """
                    UPDATE images SET replaced_by = \(bind: i.id)
                    WHERE session_id = \(bind: i.sessionId) AND angle_deg = \(bind: i.angleDeg) AND replaced_by IS NULL
                    """
                ).run()
                // Not inserted: roll the replacement back too.
                guard try await Self.insertIfNew(i, on: sql) else { throw PresignSkipped() }
                return .inserted
            }
        } catch is PresignSkipped {
            return .notInserted
        } catch let error as any DatabaseError where error.isConstraintFailure && i.angleDeg != nil {
            // The partial unique index `images_current_frame` refuses a second current image at the angle.
            return .angleTaken
        }
    }

    /// Thrown inside the reshoot transaction to undo it when the image was not inserted.
    private struct PresignSkipped: Error {}

    /// One statement: the image goes in only while its session is active and has no image with its bytes.
    static func insertIfNew(_ i: ImageRecord, on sql: any SQLDatabase) async throws -> Bool {
        try await sql.raw(
            """
            INSERT INTO images (id, org_id, site_id, session_id, vehicle_id, storage_key, content_type, sha256, file_name,
                angle_deg, shot_name, status, exif, qc, thumb_keys, created_at)
            SELECT \(bind: i.id), \(bind: i.orgId), \(bind: i.siteId), \(bind: i.sessionId), \(bind: i.vehicleId),
                \(bind: i.storageKey), \(bind: i.contentType), \(bind: i.sha256), \(bind: i.fileName), \(bind: i.angleDeg),
                \(bind: i.shotName), \(bind: i.status.rawValue), \(bind: JSONColumn.encode(i.exif)), \(bind: JSONColumn.encode(i.qc)),
                \(bind: JSONColumn.encode(i.thumbKeys)), \(bind: i.createdAt.timeIntervalSince1970)
            WHERE EXISTS (
                SELECT 1 FROM capture_sessions
                WHERE id = \(bind: i.sessionId) AND status = \(bind: CaptureSessionRecord.Status.active.rawValue))
            AND NOT EXISTS (SELECT 1 FROM images WHERE session_id = \(bind: i.sessionId) AND sha256 = \(bind: i.sha256))
            RETURNING id
            """
        ).first() != nil
    }

    package func image(sessionId: UUID, angle: Double) async throws -> ImageRecord? {
        try await sql.raw(
            "SELECT * FROM images WHERE session_id = \(bind: sessionId) AND angle_deg = \(bind: angle) AND replaced_by IS NULL LIMIT 1"
        ).first().map(Self.image)
    }

    package func image(id: UUID) async throws -> ImageRecord? {
        try await sql.raw("SELECT * FROM images WHERE id = \(bind: id)").first().map(Self.image)
    }

    package func image(sessionId: UUID, sha256: String) async throws -> ImageRecord? {
        try await sql.raw(
            "SELECT * FROM images WHERE session_id = \(bind: sessionId) AND sha256 = \(bind: sha256) ORDER BY created_at, id LIMIT 1"
        ).first().map(Self.image)
    }

    package func images(sessionId: UUID, status: ImageRecord.Status?) async throws -> [ImageRecord] {
        var query: SQLQueryString = "SELECT * FROM images WHERE session_id = \(bind: sessionId) AND replaced_by IS NULL"
        if let status { query = query + " AND status = \(bind: status.rawValue)" }
        return try await sql.raw(query + " ORDER BY created_at, id").all().map(Self.image)
    }

    package func transitionImage(id: UUID, from: [ImageRecord.Status], to: ImageRecord.Status, at: Date) async throws -> Bool {
        let published: SQLQueryString = to == .published ? ", published_at = \(bind: at.timeIntervalSince1970)" : ""
        return try await sql.raw(
            "UPDATE images SET status = \(bind: to.rawValue)" + published
                + " WHERE id = \(bind: id) AND status IN (\(binds: from.map(\.rawValue))) RETURNING id"
        ).first() != nil
    }

    package func startProcessing(id: UUID, maxRuns: Int, job: NewJob) async throws -> Bool {
        try await database.db.transaction { db in
            let sql = db as! any SQLDatabase
            guard try await sql.raw(
                """
                UPDATE images SET status = 'processing', processing_runs = processing_runs + 1
                WHERE id = \(bind: id) AND status IN ('pending', 'failed') AND processing_runs < \(bind: maxRuns) RETURNING id
                """
            ).first() != nil else { return false }
            _ = try await SQLJobQueue.insert(job, on: sql)
            return true
        }
    }

    package func completeImage(_ i: ImageRecord) async throws -> Bool {
        try await sql.raw(
            """
            UPDATE images SET status = 'processed', width = \(bind: i.width), height = \(bind: i.height),
                exif = \(bind: JSONColumn.encode(i.exif)), qc = \(bind: JSONColumn.encode(i.qc)),
                thumb_keys = \(bind: JSONColumn.encode(i.thumbKeys)), failure_reason = NULL,
                processed_at = \(bind: (i.processedAt ?? Date()).timeIntervalSince1970)
            WHERE id = \(bind: i.id) AND status = 'processing' RETURNING id
            """
        ).first() != nil
    }

    package func updateImageQC(id: UUID, qc: [String: JSONValue]) async throws -> Bool {
        try await sql.raw(
            "UPDATE images SET qc = \(bind: JSONColumn.encode(qc)) WHERE id = \(bind: id) AND status IN ('processed', 'published') RETURNING id"
        ).first() != nil
    }

    package func failImage(id: UUID, reason: String, at: Date) async throws {
        try await sql.raw(
            """
            UPDATE images SET status = 'failed', failure_reason = \(bind: String(reason.prefix(1000))),
                processed_at = \(bind: at.timeIntervalSince1970)
            WHERE id = \(bind: id) AND status IN ('pending', 'processing')
            """
        ).run()
    }

    static func image(_ row: any SQLRow) throws -> ImageRecord {
        func date(_ column: String) throws -> Date? {
            try row.decode(column: column, as: Double?.self).map(Date.init(timeIntervalSince1970:))
        }
        return ImageRecord(
            id: try row.decode(column: "id", as: UUID.self), orgId: try row.decode(column: "org_id", as: UUID.self),
            siteId: try row.decode(column: "site_id", as: UUID.self), sessionId: try row.decode(column: "session_id", as: UUID.self),
            vehicleId: try row.decode(column: "vehicle_id", as: UUID.self),
            storageKey: try row.decode(column: "storage_key", as: String.self),
            contentType: try row.decode(column: "content_type", as: String.self),
            sha256: try row.decode(column: "sha256", as: String.self), fileName: try row.decode(column: "file_name", as: String.self),
            angleDeg: try row.decode(column: "angle_deg", as: Double?.self), shotName: try row.decode(column: "shot_name", as: String?.self),
            status: ImageRecord.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .failed,
            failureReason: try row.decode(column: "failure_reason", as: String?.self),
            processingRuns: try row.decode(column: "processing_runs", as: Int.self),
            width: try row.decode(column: "width", as: Int?.self), height: try row.decode(column: "height", as: Int?.self),
            exif: JSONColumn.object(try row.decode(column: "exif", as: String.self)),
            qc: JSONColumn.object(try row.decode(column: "qc", as: String.self)),
            thumbKeys: JSONColumn.strings(try row.decode(column: "thumb_keys", as: String.self)),
            createdAt: try date("created_at") ?? Date(timeIntervalSince1970: 0), processedAt: try date("processed_at"),
            publishedAt: try date("published_at"), replacedBy: try row.decode(column: "replaced_by", as: UUID?.self))
    }

    // MARK: Events

    package func recordHeartbeat(deviceId: UUID, orgId: UUID, health: DeviceHealth) async throws {
        let json = String(decoding: try JSONEncoder().encode(health), as: UTF8.self)
        let at = health.reportedAt.timeIntervalSince1970
        try await sql.raw(
            """
            UPDATE devices SET health = \(bind: json), health_at = \(bind: at),
                last_seen_at = CASE WHEN last_seen_at IS NULL OR last_seen_at < \(bind: at) THEN \(bind: at) ELSE last_seen_at END
            WHERE id = \(bind: deviceId) AND org_id = \(bind: orgId) AND revoked_at IS NULL
            """
        ).run()
    }

    package func insertEvents(_ events: [EventRecord]) async throws {
        guard !events.isEmpty else { return }
        // One statement for the whole batch: all or nothing without a transaction's extra round trips.
        let rows: [SQLQueryString] = events.map { e in
            """
            (\(bind: e.id), \(bind: e.orgId), \(bind: e.actorType), \(bind: e.actorId), \(bind: e.entityType),
                \(bind: e.entityId), \(bind: e.type), \(bind: e.message), \(bind: JSONColumn.encode(e.meta)),
                \(bind: e.createdAt.timeIntervalSince1970), \(bind: e.idempotencyKey))
            """
        }
        let insert: SQLQueryString = """
            INSERT INTO events (id, org_id, actor_type, actor_id, entity_type, entity_id, type, message, meta, created_at,
                idempotency_key)
            VALUES
            """
        try await sql.raw(insert + rows.joined(separator: ", ") + " ON CONFLICT (org_id, idempotency_key) DO NOTHING").run()
    }

    package func events(orgId: UUID, entityId: UUID, limit: Int) async throws -> [EventRecord] {
        try await sql.raw(
            """
            SELECT * FROM events WHERE org_id = \(bind: orgId) AND entity_id = \(bind: entityId)
            ORDER BY created_at, id LIMIT \(literal: limit)
            """
        ).all().map { row in
            EventRecord(
                id: try row.decode(column: "id", as: UUID.self), orgId: try row.decode(column: "org_id", as: UUID.self),
                actorType: try row.decode(column: "actor_type", as: String.self), actorId: try row.decode(column: "actor_id", as: UUID.self),
                entityType: try row.decode(column: "entity_type", as: String.self),
                entityId: try row.decode(column: "entity_id", as: UUID.self), type: try row.decode(column: "type", as: String.self),
                message: try row.decode(column: "message", as: String?.self),
                meta: JSONColumn.object(try row.decode(column: "meta", as: String.self)),
                createdAt: Date(timeIntervalSince1970: try row.decode(column: "created_at", as: Double.self)))
        }
    }

    /// The table of each entity type an event can name.
    static let entityTables: [(type: String, table: String)] = [
        ("session", "capture_sessions"), ("image", "images"), ("device", "devices"),
    ]

    package func entityScope(type: String, id: UUID) async throws -> (orgId: UUID, siteId: UUID?)? {
        guard let table = Self.entityTables.first(where: { $0.type == type })?.table,
            let row = try await sql.raw("SELECT org_id, site_id FROM \(ident: table) WHERE id = \(bind: id)").first()
        else { return nil }
        return (try row.decode(column: "org_id", as: UUID.self), try row.decode(column: "site_id", as: UUID?.self))
    }

    package func entityScope(id: UUID) async throws -> (orgId: UUID, siteId: UUID?)? {
        for (type, _) in Self.entityTables {
            if let scope = try await entityScope(type: type, id: id) { return scope }
        }
        return nil
    }
}
