import AgentCore
import Foundation
import GRDB
import Glibc
import RelayAPI
import RelayConcurrency

/// The agent's offline-first upload queue in SQLite (GRDB `DatabasePool`: WAL, every write a
/// `BEGIN IMMEDIATE` transaction, `synchronous = FULL` so a committed state survives a power cut).
/// State changes are conditional on the state the caller read, so a late or repeated step cannot undo
/// progress.
///
/// Writes are `async`: each commit waits for its fsync (`synchronous = FULL`; tens of milliseconds on an
/// SD card), so it runs on the store's own writer thread (`writer`), never on one of the two cooperative
/// threads the daemon's tasks share. `intake` and `recordOriginal` stay synchronous: their callers already
/// run on pools of their own (intake, originals). Reads are WAL snapshots with no fsync and stay
/// synchronous.
package struct UploadQueueStore: Sendable {
    let pool: DatabasePool
    /// One lane: SQLite has one writer at a time anyway.
    let writer: OffCooperativePool

    /// Opens (creating) the queue database at `path` and brings its schema up to date.
    package static func open(at path: URL) throws -> UploadQueueStore {
        try FileManager.default.createDirectory(
            at: path.deletingLastPathComponent(), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var configuration = Configuration()
        // The daemon and the operator's commands (`status`, `queue`) share the file: wait for the other's
        // write instead of failing with "database is locked".
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        // The daemon and an operator's `status` may open a new or older database at the same moment: the
        // switch to WAL and the migrations need the file to themselves (two migrators at once would both
        // see a migration missing, and the second would fail half-way). An exclusive lock on a sibling file
        // makes the second opener wait and find the database ready.
        let lock = Glibc.open(path.path + ".lock", O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard lock >= 0 else { throw QueueStoreError.lockNotOpened(lockFile: path.path + ".lock", .current) }
        defer { close(lock) }
        guard flock(lock, LOCK_EX) == 0 else { throw QueueStoreError.lockNotTaken(lockFile: path.path + ".lock", .current) }
        let pool = try DatabasePool(path: path.path, configuration: configuration)
        try migrator.migrate(pool)
        return UploadQueueStore(pool: pool, writer: OffCooperativePool(label: "relay-agent.queue-writes"))
    }

    /// Runs `updates` in a write transaction on the writer thread.
    func write<T: Sendable>(_ updates: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await writer.run { _ in try pool.write(updates) }
    }

    /// Queues a file; `nil` when a file with the same SHA-256 is already queued (dedupe).
    package func discover(
        path: String, sha256: String, size: Int64, contentType: String, sessionKey: String, angleDeg: Double?, now: Date = Date()
    ) async throws -> UploadItem? {
        try await write { db in
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
    /// together with any field changes, the events it raises (into the outbox) and new part URLs (kept
    /// parts keep their ETags), in one transaction. Returns false when the item moved on meanwhile — to
    /// another state; given `sha256`, to other bytes (intake superseded it: its file changed, the step was
    /// about old bytes); given `place`, to another path or session (intake followed its file elsewhere).
    /// Such a step records nothing, and the item runs again from where it is.
    @discardableResult
    package func apply(
        id: String, expected: UploadState, sha256: String? = nil, place: (path: String, sessionKey: String)? = nil, _ transition: UploadTransition,
        now: Date = Date(),
        update: @escaping @Sendable (inout UploadItem) -> Void = { _ in },
        partURLs: [Int: String] = [:],
        events: @escaping @Sendable (UploadItem) -> [OutboxEvent] = { _ in [] }
    ) async throws -> Bool {
        try await write { db in
            guard var item = try UploadItem.fetchOne(db, key: id), item.state == expected, sha256 == nil || item.sha256 == sha256 else {
                return false
            }
            if let place, item.path != place.path || item.sessionKey != place.sessionKey { return false }
            update(&item)
            try Self.insert(events: events(item), db)
            try Self.upsert(partURLs: partURLs, itemId: id, db)
            if transition.state == .acknowledged { try Self.dropSpentURLs(itemId: id, item: &item, db) }
            item.state = transition.state
            item.failures = transition.failures
            item.retryAt = now.timeIntervalSince1970 + (transition.delay?.timeInterval ?? 0)
            if let error = transition.error { item.lastError = error } else if transition.failures == 0 { item.lastError = nil }
            item.updatedAt = now.timeIntervalSince1970
            item.windowWait = false
            try item.update(db)
            return true
        }
    }

    /// Items due for their next step: photos before recordings, each oldest first.
    package func due(now: Date = Date(), limit: Int = 16, states: [UploadState]? = nil) throws -> [UploadItem] {
        let wanted = (states ?? UploadState.allCases.filter { !$0.isTerminal }).map(\.rawValue)
        return try pool.read { db in
            try UploadItem
                .filter(wanted.contains(Column("state")))
                .filter(Column("retry_at") <= now.timeIntervalSince1970)
                // Photos first (an operator waits for them), then recordings, each oldest first: an
                // older session's recording goes before a newer one's.
                .order(Column("camera_label") != nil, Column("created_at"), Column("id"))
                .limit(limit)
                .fetchAll(db)
        }
    }

    package func item(id: String) throws -> UploadItem? {
        try pool.read { db in try UploadItem.fetchOne(db, key: id) }
    }

    /// Queue depth by state (for `relay-agent status`).
    package func counts() throws -> [UploadState: Int] {
        try pool.read { db in
            var counts: [UploadState: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM uploads GROUP BY state") {
                if let state = UploadState(rawValue: row["state"]) { counts[state] = row["n"] }
            }
            return counts
        }
    }

    /// The journal mode in force (`wal`), for `doctor` and tests.
    package func journalMode() throws -> String {
        try pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }
}
