import AgentCore
import Foundation
import GRDB

/// Keeping the queue database small: spent URLs go at acknowledgement, finished items and the record
/// of files looked at go after the retention period — but never what stops the same bytes from going
/// up twice while they are still on disk.
///
/// What each record is for, and so when it may go:
/// - `uploads.sha256` is the dedupe key: a copy of an uploaded file, or the same file touched or moved,
///   hashes to a queued item's SHA-256 and is not sent again. An acknowledged item whose file is still
///   at its path is therefore kept (its URLs cleared); once the file is gone (deleted by the agent or
///   the operator) and the retention period has passed, the item goes.
/// - A rejected item goes after the retention period whether or not its file is there: it is the same as
///   `queue forget` (its `seen_files` row stays while the file does, so it is not queued again; its
///   bytes no longer block a new copy).
/// - `seen_files` only saves re-hashing an unchanged file. A row whose path holds no file and has no
///   item any more is dropped; if a file appears there later it is hashed, and the SHA-256 still
///   decides.
/// "Gone" is the caller's call (`isGone`): the daemon counts a missing file as gone only while its watch
/// folder is there and not empty, so a network share that dropped out does not empty the queue.
extension UploadQueueStore {
    /// What one `prune` removed.
    package struct Pruned: Sendable, Equatable {
        package var items = 0
        package var seenFiles = 0
        package var partURLs = 0

        package init(items: Int = 0, seenFiles: Int = 0, partURLs: Int = 0) {
            self.items = items
            self.seenFiles = seenFiles
            self.partURLs = partURLs
        }
    }

    /// Clears what an acknowledged item no longer needs: its presigned URL and headers, and its parts'
    /// URLs (the ETags stay for the originals janitor's check).
    static func dropSpentURLs(itemId: String, item: inout UploadItem, _ db: Database) throws {
        item.uploadURL = nil
        item.uploadHeaders = nil
        try db.execute(sql: "UPDATE upload_parts SET url = '' WHERE item_id = ? AND url != ''", arguments: [itemId])
    }

    /// Removes acknowledged items whose file `isGone` and rejected items, last changed before `cutoff`,
    /// and `seen_files` rows of gone paths no item holds. `isGone` runs outside any transaction (it
    /// stats files). Blocking: run it on a pool of its own.
    package func prune(finishedBefore cutoff: Date, batch: Int = 500, isGone: (String) -> Bool) throws -> Pruned {
        var pruned = Pruned()
        pruned.partURLs = try pool.write { db in
            try db.execute(
                sql: "UPDATE upload_parts SET url = '' WHERE url != '' AND item_id IN (SELECT id FROM uploads WHERE state = 'acknowledged')")
            return db.changesCount
        }
        // Finished items, a batch at a time by age (the `uploads_finished` index).
        var after = (time: -Double.infinity, id: "")
        while true {
            let rows = try pool.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT id, path, state, updated_at FROM uploads
                        WHERE state IN ('acknowledged', 'rejected') AND updated_at < ? AND (updated_at > ? OR (updated_at = ? AND id > ?))
                        ORDER BY updated_at, id LIMIT ?
                        """,
                    arguments: [cutoff.timeIntervalSince1970, after.time, after.time, after.id, batch]
                ).map { row -> (id: String, path: String, rejected: Bool, time: Double) in
                    (row["id"], row["path"], (row["state"] as String) == UploadState.rejected.rawValue, row["updated_at"])
                }
            }
            guard let last = rows.last else { break }
            after = (last.time, last.id)
            var doomed: [(id: String, path: String, gone: Bool)] = []
            for row in rows {
                let gone = isGone(row.path)
                if gone || row.rejected { doomed.append((row.id, row.path, gone)) }
            }
            guard !doomed.isEmpty else { continue }
            pruned.items += try pool.write { db in
                var count = 0
                for item in doomed {
                    try db.execute(
                        sql: "DELETE FROM uploads WHERE id = ? AND state IN ('acknowledged', 'rejected') AND updated_at < ?",
                        arguments: [item.id, cutoff.timeIntervalSince1970])
                    count += db.changesCount
                    if item.gone { try db.execute(sql: "DELETE FROM seen_files WHERE path = ?", arguments: [item.path]) }
                }
                return count
            }
        }
        // Files looked at that no item holds (duplicates, pruned items): dropped once the path is gone.
        var afterPath = ""
        while true {
            let paths = try pool.read { db in
                try String.fetchAll(
                    db,
                    sql: """
                        SELECT path FROM seen_files s WHERE path > ? AND NOT EXISTS (SELECT 1 FROM uploads u WHERE u.path = s.path)
                        ORDER BY path LIMIT ?
                        """,
                    arguments: [afterPath, batch])
            }
            guard let last = paths.last else { break }
            afterPath = last
            let gone = paths.filter(isGone)
            guard !gone.isEmpty else { continue }
            pruned.seenFiles += try pool.write { db in
                var count = 0
                for path in gone {
                    try db.execute(
                        sql: "DELETE FROM seen_files WHERE path = ? AND NOT EXISTS (SELECT 1 FROM uploads WHERE path = ?)", arguments: [path, path])
                    count += db.changesCount
                }
                return count
            }
        }
        return pruned
    }

    /// Bytes the queue database takes on disk (the file and its write-ahead log).
    package var databaseBytes: Int64 {
        let path = pool.path
        return [path, path + "-wal"].reduce(Int64(0)) { total, file in
            total + ((try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.int64Value ?? 0)
        }
    }

    /// True when `key`'s session has items and all of them are finished (acknowledged or rejected).
    package func sessionFinished(key: String) throws -> Bool {
        try pool.read { db in
            let row = try Row.fetchOne(
                db,
                sql: "SELECT COUNT(*) AS total, COALESCE(SUM(state NOT IN ('acknowledged', 'rejected')), 0) AS open FROM uploads WHERE session_key = ?",
                arguments: [key])
            let total: Int = row?["total"] ?? 0
            let open: Int = row?["open"] ?? 0
            return total > 0 && open == 0
        }
    }
}
