import AgentCore
import Foundation
import GRDB
import RelayAPI

/// The agent's offline-first upload queue in SQLite (GRDB `DatabasePool`: WAL, every write a
/// `BEGIN IMMEDIATE` transaction, `synchronous = FULL` so a committed state survives a power cut).
/// State changes are conditional on the state the caller read, so a late or repeated step cannot undo
/// progress.
public struct UploadQueueStore: Sendable {
    let pool: DatabasePool

    /// Opens (creating) the queue database at `path` and brings its schema up to date.
    public static func open(at path: URL) throws -> UploadQueueStore {
        try FileManager.default.createDirectory(
            at: path.deletingLastPathComponent(), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        let pool = try DatabasePool(path: path.path, configuration: configuration)
        try migrator.migrate(pool)
        return UploadQueueStore(pool: pool)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("uploads") { db in
            try db.create(table: "uploads") { t in
                t.primaryKey("id", .text)
                t.column("path", .text).notNull()
                t.column("sha256", .text).notNull().unique()
                t.column("size", .integer).notNull()
                t.column("content_type", .text).notNull()
                t.column("session_key", .text).notNull()
                t.column("angle_deg", .double)
                t.column("state", .text).notNull().indexed()
                t.column("failures", .integer).notNull()
                t.column("retry_at", .double).notNull()
                t.column("qc_status", .text)
                t.column("qc_json", .text)
                t.column("image_id", .text)
                t.column("upload_url", .text)
                t.column("upload_headers", .text)
                t.column("url_expires_at", .double)
                t.column("last_error", .text)
                t.column("created_at", .double).notNull()
                t.column("updated_at", .double).notNull()
            }
        }
        return migrator
    }

    /// Queues a file; `nil` when a file with the same SHA-256 is already queued (dedupe).
    public func discover(
        path: String, sha256: String, size: Int64, contentType: String, sessionKey: String, angleDeg: Double?, now: Date = Date()
    ) throws -> UploadItem? {
        try pool.write { db in
            if try UploadItem.filter(Column("sha256") == sha256).fetchCount(db) > 0 { return nil }
            let stamp = now.timeIntervalSince1970
            let item = UploadItem(
                id: UUID().uuidString.lowercased(), path: path, sha256: sha256, size: size, contentType: contentType,
                sessionKey: sessionKey, angleDeg: angleDeg, state: .discovered, failures: 0, retryAt: stamp, createdAt: stamp,
                updatedAt: stamp)
            try item.insert(db)
            return item
        }
    }

    /// Applies a transition computed by `UploadStateMachine` — only if the item is still in `expected` —
    /// together with any field changes, in one transaction. Returns false when the item moved meanwhile.
    @discardableResult
    public func apply(
        id: String, expected: UploadState, _ transition: UploadTransition, now: Date = Date(),
        update: @Sendable (inout UploadItem) -> Void = { _ in }
    ) throws -> Bool {
        try pool.write { db in
            guard var item = try UploadItem.fetchOne(db, key: id), item.state == expected else { return false }
            update(&item)
            item.state = transition.state
            item.failures = transition.failures
            item.retryAt = now.timeIntervalSince1970 + (transition.delay?.timeInterval ?? 0)
            if let error = transition.error { item.lastError = error } else if transition.failures == 0 { item.lastError = nil }
            item.updatedAt = now.timeIntervalSince1970
            try item.update(db)
            return true
        }
    }

    /// Items due for their next step, oldest first.
    public func due(now: Date = Date(), limit: Int = 16) throws -> [UploadItem] {
        try pool.read { db in
            try UploadItem
                .filter(![UploadState.acknowledged.rawValue, UploadState.rejected.rawValue].contains(Column("state")))
                .filter(Column("retry_at") <= now.timeIntervalSince1970)
                .order(Column("created_at"), Column("id"))
                .limit(limit)
                .fetchAll(db)
        }
    }

    public func item(id: String) throws -> UploadItem? {
        try pool.read { db in try UploadItem.fetchOne(db, key: id) }
    }

    /// Queue depth by state (for `relay-agent status`).
    public func counts() throws -> [UploadState: Int] {
        try pool.read { db in
            var counts: [UploadState: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM uploads GROUP BY state") {
                if let state = UploadState(rawValue: row["state"]) { counts[state] = row["n"] }
            }
            return counts
        }
    }

    /// The journal mode in force (`wal`), for `doctor` and tests.
    public func journalMode() throws -> String {
        try pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }
}
