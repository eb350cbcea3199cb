import BackendCore
import FluentKit
import Foundation
import SQLKit

/// `MulticamRepository` in raw SQL that runs on SQLite and PostgreSQL alike.
package struct SQLMulticamRepository: MulticamRepository {
    let database: RelayDatabase

    package init(database: RelayDatabase) {
        self.database = database
    }

    var sql: any SQLDatabase { database.sql }
    var now: Double { Date().timeIntervalSince1970 }

    package func insertSession(_ s: MulticamSessionRecord) async throws {
        try await sql.raw(
            """
            INSERT INTO multicam_sessions (id, org_id, title, date, location, notes, project_id, created_by, created_at, updated_at)
            VALUES (\(bind: s.id), \(bind: s.orgId), \(bind: s.title), \(bind: s.date), \(bind: s.location), \(bind: s.notes),
                \(bind: s.projectId), \(bind: s.createdBy), \(bind: s.createdAt.timeIntervalSince1970), \(bind: s.updatedAt.timeIntervalSince1970))
            """
        ).run()
    }

    package func insertSession(_ s: MulticamSessionRecord, idempotency: IdempotentRequest) async throws
        -> (session: MulticamSessionRecord, fingerprint: String?)?
    {
        let actor = idempotency.actor.uuidString.lowercased()
        try await sql.raw(
            """
            INSERT INTO multicam_sessions (id, org_id, title, date, location, notes, project_id, created_by, created_at, updated_at,
                idempotency_key, idempotency_actor, idempotency_fingerprint)
            VALUES (\(bind: s.id), \(bind: s.orgId), \(bind: s.title), \(bind: s.date), \(bind: s.location), \(bind: s.notes),
                \(bind: s.projectId), \(bind: s.createdBy), \(bind: s.createdAt.timeIntervalSince1970), \(bind: s.updatedAt.timeIntervalSince1970),
                \(bind: idempotency.key), \(bind: actor), \(bind: idempotency.fingerprint))
            ON CONFLICT (org_id, idempotency_actor, idempotency_key) DO NOTHING
            """
        ).run()
        let row = try await sql.raw(
            """
            SELECT * FROM multicam_sessions WHERE org_id = \(bind: s.orgId) AND idempotency_actor = \(bind: actor)
                AND idempotency_key = \(bind: idempotency.key)
            """
        ).first()
        guard let row else { return nil }
        return (try Self.session(row), try row.decodeNil(column: "idempotency_fingerprint") ? nil : row.decode(column: "idempotency_fingerprint", as: String.self))
    }

    package func session(id: UUID) async throws -> MulticamSessionRecord? {
        try await sql.raw("SELECT * FROM multicam_sessions WHERE id = \(bind: id)").first().map(Self.session)
    }

    package func sessions(orgId: UUID, limit: Int, offset: Int) async throws -> (rows: [MulticamSessionRecord], total: Int) {
        let rows = try await sql.raw(
            """
            SELECT * FROM multicam_sessions WHERE org_id = \(bind: orgId)
            ORDER BY created_at DESC, id LIMIT \(bind: limit) OFFSET \(bind: offset)
            """
        ).all().map(Self.session)
        let total = try await sql.raw("SELECT COUNT(*) AS n FROM multicam_sessions WHERE org_id = \(bind: orgId)")
            .first()?.decode(column: "n", as: Int.self) ?? 0
        return (rows, total)
    }

    static func session(_ row: any SQLRow) throws -> MulticamSessionRecord {
        MulticamSessionRecord(
            id: try row.decode(column: "id", as: UUID.self), orgId: try row.decode(column: "org_id", as: UUID.self),
            title: try row.decode(column: "title", as: String.self), date: try row.decode(column: "date", as: String.self),
            location: try row.decode(column: "location", as: String?.self), notes: try row.decode(column: "notes", as: String?.self),
            projectId: try row.decode(column: "project_id", as: String.self), createdBy: try row.decode(column: "created_by", as: UUID.self),
            createdAt: Date(timeIntervalSince1970: try row.decode(column: "created_at", as: Double.self)),
            updatedAt: Date(timeIntervalSince1970: try row.decode(column: "updated_at", as: Double.self)))
    }

    /// The conflict target is the camera-chapter-version key only: any other failure (a dropped connection, a
    /// foreign key) throws instead of reading as "the camera already has an asset".
    @discardableResult
    package func insertAsset(_ a: AssetRecord) async throws -> UniqueInsert {
        let row = try await sql.raw(
            """
            INSERT INTO multicam_assets (id, session_id, org_id, camera_label, version, chapter, file_name, content_type, size_bytes, storage_key,
                upload_id, part_size, part_count, upload_expires_at, status, error_code, error_message, issues, metadata, derivatives,
                ingestion_job_id, created_at, updated_at)
            VALUES (\(bind: a.id), \(bind: a.sessionId), \(bind: a.orgId), \(bind: a.cameraLabel), \(bind: a.version), \(bind: a.chapter),
                \(bind: a.fileName),
                \(bind: a.contentType), \(bind: a.sizeBytes), \(bind: a.storageKey), \(bind: a.uploadId), \(bind: a.partSize),
                \(bind: a.partCount), \(bind: a.uploadExpiresAt.timeIntervalSince1970), \(bind: a.status.rawValue), \(bind: a.errorCode),
                \(bind: a.errorMessage), \(bind: JSONColumn.encode(a.issues)), \(bind: a.metadata.map(JSONColumn.encode)),
                \(bind: JSONColumn.encode(a.derivatives)), \(bind: a.ingestionJobId), \(bind: a.createdAt.timeIntervalSince1970),
                \(bind: a.updatedAt.timeIntervalSince1970))
            ON CONFLICT (session_id, camera_label, chapter, version) DO NOTHING
            RETURNING id
            """
        ).first()
        return row == nil ? .duplicate : .inserted
    }

    package func asset(id: UUID) async throws -> AssetRecord? {
        try await sql.raw("SELECT * FROM multicam_assets WHERE id = \(bind: id)").first().map(Self.asset)
    }

    package func assets(sessionId: UUID) async throws -> [AssetRecord] {
        let rows = try await sql.raw(
            """
            SELECT a.* FROM multicam_assets a
            WHERE a.session_id = \(bind: sessionId)
              AND a.version = (
                  SELECT MAX(b.version) FROM multicam_assets b
                  WHERE b.session_id = a.session_id AND b.camera_label = a.camera_label AND b.chapter = a.chapter)
            ORDER BY a.camera_label, a.chapter
            """
        ).all()
        return try rows.map(Self.asset)
    }

    package func restartUpload(
        id: UUID, previousUploadId: String, sizeBytes: Int64, uploadId: String, partSize: Int64, partCount: Int, uploadExpiresAt: Date
    ) async throws -> Bool {
        try await sql.raw(
            """
            UPDATE multicam_assets SET size_bytes = \(bind: sizeBytes), upload_id = \(bind: uploadId), part_size = \(bind: partSize),
                part_count = \(bind: partCount), upload_expires_at = \(bind: uploadExpiresAt.timeIntervalSince1970), updated_at = \(bind: now)
            WHERE id = \(bind: id) AND status = 'uploading' AND upload_id = \(bind: previousUploadId) RETURNING id
            """
        ).first() != nil
    }

    package func markUploaded(id: UUID, sizeBytes: Int64, job: NewJob) async throws -> String? {
        /// Rolls the job insert back when the asset is no longer uploading.
        struct NotUploading: Error {}
        do {
            return try await database.db.transaction { db in
                let sql = db as! any SQLDatabase
                let jobId = try await SQLJobQueue.insert(job, on: sql)
                guard try await sql.raw(
                    """
                    UPDATE multicam_assets SET status = 'ingesting', size_bytes = \(bind: sizeBytes), ingestion_job_id = \(bind: jobId),
                        updated_at = \(bind: now)
                    WHERE id = \(bind: id) AND status = 'uploading' RETURNING id
                    """
                ).first() != nil else { throw NotUploading() }
                return jobId
            }
        } catch is NotUploading {
            return nil
        }
    }

    package func markReady(id: UUID, metadata: AssetMetadata, derivatives: [AssetDerivative], issues: [String]) async throws -> Bool {
        try await sql.raw(
            """
            UPDATE multicam_assets SET status = 'ready', metadata = \(bind: JSONColumn.encode(metadata)),
                derivatives = \(bind: JSONColumn.encode(derivatives)), issues = \(bind: JSONColumn.encode(issues)), updated_at = \(bind: now)
            WHERE id = \(bind: id) AND status = 'ingesting' RETURNING id
            """
        ).first() != nil
    }

    package func markFailed(id: UUID, code: String, message: String) async throws -> Bool {
        try await sql.raw(
            """
            UPDATE multicam_assets SET status = 'failed', error_code = \(bind: code), error_message = \(bind: message), updated_at = \(bind: now)
            WHERE id = \(bind: id) AND status IN ('uploading', 'ingesting') RETURNING id
            """
        ).first() != nil
    }

    package func setMetadata(id: UUID, metadata: AssetMetadata) async throws {
        try await sql.raw(
            "UPDATE multicam_assets SET metadata = \(bind: JSONColumn.encode(metadata)), updated_at = \(bind: now) WHERE id = \(bind: id)"
        ).run()
    }

    static func asset(_ row: any SQLRow) throws -> AssetRecord {
        func json<T: Decodable>(_ column: String, _ type: T.Type) throws -> T? {
            try row.decode(column: column, as: String?.self).flatMap { try? JSONDecoder().decode(T.self, from: Data($0.utf8)) }
        }
        return AssetRecord(
            id: try row.decode(column: "id", as: UUID.self), sessionId: try row.decode(column: "session_id", as: UUID.self),
            orgId: try row.decode(column: "org_id", as: UUID.self), cameraLabel: try row.decode(column: "camera_label", as: String.self),
            version: try row.decode(column: "version", as: Int.self), chapter: try row.decode(column: "chapter", as: Int.self),
            fileName: try row.decode(column: "file_name", as: String.self),
            contentType: try row.decode(column: "content_type", as: String.self), sizeBytes: try row.decode(column: "size_bytes", as: Int64.self),
            storageKey: try row.decode(column: "storage_key", as: String.self), uploadId: try row.decode(column: "upload_id", as: String.self),
            partSize: try row.decode(column: "part_size", as: Int64.self), partCount: try row.decode(column: "part_count", as: Int.self),
            uploadExpiresAt: Date(timeIntervalSince1970: try row.decode(column: "upload_expires_at", as: Double.self)),
            status: AssetRecord.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .failed,
            errorCode: try row.decode(column: "error_code", as: String?.self), errorMessage: try row.decode(column: "error_message", as: String?.self),
            issues: try json("issues", [String].self) ?? [], metadata: try json("metadata", AssetMetadata.self),
            derivatives: try json("derivatives", [AssetDerivative].self) ?? [],
            ingestionJobId: try row.decode(column: "ingestion_job_id", as: String?.self),
            createdAt: Date(timeIntervalSince1970: try row.decode(column: "created_at", as: Double.self)),
            updatedAt: Date(timeIntervalSince1970: try row.decode(column: "updated_at", as: Double.self)))
    }
}
