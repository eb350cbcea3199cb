import AgentCore
import Foundation
import GRDB

extension UploadQueueStore {
    /// Sets daemon status values (`last_contact`, `auth`, `last_error`, …) that `status` and `doctor` show.
    package func setStatus(_ values: [String: String], now: Date = Date()) async throws {
        try await write { db in
            for (key, value) in values {
                try db.execute(
                    sql: "INSERT INTO agent_status (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                    arguments: [key, value, now.timeIntervalSince1970])
            }
        }
    }

    package func status() throws -> [String: String] {
        try pool.read { db in
            var values: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT key, value FROM agent_status") { values[row["key"]] = row["value"] }
            return values
        }
    }

    /// Bytes of files not yet acknowledged (nor rejected). Asked every 2 s: the states are listed (not
    /// `NOT IN` the finished ones) so SQLite sums them from the `(state, size)` index, reading the
    /// unfinished rows only however many finished ones the table holds.
    package func bytesPending() throws -> Int64 {
        try pool.read { db in try Int64.fetchOne(db, sql: Self.bytesPendingSQL) ?? 0 }
    }

    /// When the oldest unfinished item was queued (seconds since 1970), or nil when none is.
    package func oldestPendingCreatedAt() throws -> Double? {
        try pool.read { db in try Double.fetchOne(db, sql: Self.oldestPendingSQL) }
    }

    static let oldestPendingSQL =
        "SELECT MIN(created_at) FROM uploads WHERE state IN ("
        + UploadState.allCases.filter { !$0.isTerminal }.map { "'\($0.rawValue)'" }.joined(separator: ", ") + ")"

    static let bytesPendingSQL =
        "SELECT COALESCE(SUM(size), 0) FROM uploads WHERE state IN ("
        + UploadState.allCases.filter { !$0.isTerminal }.map { "'\($0.rawValue)'" }.joined(separator: ", ") + ")"

    /// SQLite's plan for `sql` (`EXPLAIN QUERY PLAN`'s detail lines), for tests that check an index is used.
    package func queryPlan(_ sql: String, arguments: StatementArguments = []) throws -> [String] {
        try pool.read { db in try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] } }
    }

    /// The latest items whose QC failed, newest first.
    package func recentQCFailures(limit: Int = 10) throws -> [UploadItem] {
        try pool.read { db in
            try UploadItem.filter(Column("qc_status") == "fail").order(Column("created_at").desc).limit(limit).fetchAll(db)
        }
    }

    /// Items, newest first, optionally of some states only.
    package func items(states: [UploadState]? = nil, limit: Int = 100) throws -> [UploadItem] {
        try pool.read { db in
            var request = UploadItem.order(Column("created_at").desc, Column("id"))
            if let states { request = request.filter(states.map(\.rawValue).contains(Column("state"))) }
            return try request.limit(limit).fetchAll(db)
        }
    }

    /// Items whose id starts with `prefix` (at least 4 characters) or whose path is `prefix`.
    package func items(matching prefix: String) throws -> [UploadItem] {
        try pool.read { db in
            try UploadItem.filter(Column("path") == prefix || (prefix.count >= 4 && Column("id").like("\(prefix)%"))).fetchAll(db)
        }
    }

    /// Sends a rejected or backing-off item round again now: back to the last step that needs no server
    /// state (QC done, or discovered when QC never ran), failures cleared. Returns false for an
    /// acknowledged item (nothing to retry).
    package func retry(id: String, now: Date = Date()) async throws -> Bool {
        try await write { db in
            guard var item = try UploadItem.fetchOne(db, key: id), item.state != .acknowledged else { return false }
            if item.state == .rejected { item.state = item.qcStatus == nil ? .discovered : .qcDone }
            item.failures = 0
            item.retryAt = now.timeIntervalSince1970
            item.lastError = nil
            item.updatedAt = now.timeIntervalSince1970
            try item.update(db)
            return true
        }
    }

    /// Removes an item from the queue for good (its file stays on disk and is not queued again).
    package func forget(id: String) async throws -> Bool {
        try await write { db in try UploadItem.deleteOne(db, key: id) }
    }
}

extension UploadQueueStore {
    /// Leaves an item in its state but not due before `date` (outside the upload window).
    package func postpone(id: String, expected: UploadState, until date: Date) async throws {
        try await write { db in
            try db.execute(
                sql: "UPDATE uploads SET retry_at = ? WHERE id = ? AND state = ?", arguments: [date.timeIntervalSince1970, id, expected.rawValue])
        }
    }

    /// Leaves an item in its state, waiting for an upload window that opens at `date`.
    package func waitForWindow(id: String, expected: UploadState, until date: Date) async throws {
        try await write { db in
            try db.execute(
                sql: "UPDATE uploads SET retry_at = ?, window_wait = 1 WHERE id = ? AND state = ?",
                arguments: [date.timeIntervalSince1970, id, expected.rawValue])
        }
    }

    /// Makes items waiting for an upload window due now, so a restart with other windows applies them at
    /// once (each is checked against the windows again before its next step); items backing off after
    /// failures keep their delay. Returns how many were woken.
    @discardableResult
    package func wakePostponed(now: Date = Date()) async throws -> Int {
        try await write { db in
            try db.execute(
                sql: "UPDATE uploads SET retry_at = ?, window_wait = 0 WHERE window_wait = 1 AND state NOT IN ('acknowledged', 'rejected')",
                arguments: [now.timeIntervalSince1970])
            return db.changesCount
        }
    }
}

extension UploadQueueStore {
    /// Leaves an item in its state, waiting for its file (`reason` says why); `missing_since` keeps the
    /// first time it was missed.
    package func waitForFile(id: String, expected: UploadState, until date: Date, reason: String, now: Date = Date()) async throws {
        try await write { db in
            try db.execute(
                sql: "UPDATE uploads SET retry_at = ?, last_error = ?, missing_since = COALESCE(missing_since, ?) WHERE id = ? AND state = ?",
                arguments: [date.timeIntervalSince1970, reason, now.timeIntervalSince1970, id, expected.rawValue])
        }
    }

    /// The item's file is back at its path.
    package func fileFound(id: String) async throws {
        try await write { db in
            try db.execute(sql: "UPDATE uploads SET missing_since = NULL, last_error = NULL WHERE id = ?", arguments: [id])
        }
    }

    /// Items waiting for their file (a share away, a folder renamed), for `status`.
    package func waitingForFiles() throws -> Int {
        try pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM uploads WHERE missing_since IS NOT NULL AND state NOT IN ('acknowledged', 'rejected')") ?? 0
        }
    }
}

extension UploadQueueStore {
    /// Points an item at the path its bytes were found at (`queue retry`); the file's device is taken
    /// afresh. False when the item is gone.
    package func relocate(id: String, to path: String, now: Date = Date()) async throws -> Bool {
        let device = MissingFile.device(of: path)
        return try await write { db in
            try db.execute(
                sql: "UPDATE uploads SET path = ?, file_device = ?, missing_since = NULL, updated_at = ? WHERE id = ?",
                arguments: [path, device.map { Int64(bitPattern: $0) }, now.timeIntervalSince1970, id])
            return db.changesCount > 0
        }
    }
}

extension UploadQueueStore {
    /// Moves the retry times of unfinished items by `seconds` (the wall clock stepped by that much), so
    /// each keeps the wait it had; items waiting for an upload window are left for `wakePostponed`.
    /// Returns how many moved.
    @discardableResult
    /// - Parameter after: only retry times later than this (those set by the clock before the step).
    package func shiftRetries(by seconds: Double, after: Double = -.infinity) async throws -> Int {
        try await write { db in
            try db.execute(
                sql: "UPDATE uploads SET retry_at = retry_at + ? WHERE window_wait = 0 AND state NOT IN ('acknowledged', 'rejected') AND retry_at > ?",
                arguments: [seconds, after])
            return db.changesCount
        }
    }
}

extension UploadQueueStore {
    /// The photos of a capture session whose QC has run (for session-relative exposure).
    package func sessionPhotosWithQC(key: String) throws -> [UploadItem] {
        try pool.read { db in
            try UploadItem.filter(Column("session_key") == key && Column("camera_label") == nil && Column("qc_json") != nil).fetchAll(db)
        }
    }

    /// Replaces an item's QC verdict and result (a later session pass judged it), whatever its state.
    package func updateQC(id: String, status: String, json: String) async throws {
        try await write { db in
            try db.execute(sql: "UPDATE uploads SET qc_status = ?, qc_json = ? WHERE id = ?", arguments: [status, json, id])
        }
    }
}

extension UploadQueueStore {
    /// A recording file's number among its camera's files in its session (seed 000's `chapter`): the one
    /// fixed at its first init-upload, else 1 + its camera's files taken in before it (by intake time, then
    /// path). A camera writes its chapters one after another, so intake order is recording order.
    package func chapter(of item: UploadItem) throws -> Int {
        if let chapter = item.chapter { return chapter }
        let earlier = try pool.read { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FROM uploads
                    WHERE session_key = ? AND camera_label = ? AND id != ? AND (created_at < ? OR (created_at = ? AND path < ?))
                    """,
                arguments: [item.sessionKey, item.cameraLabel, item.id, item.createdAt, item.createdAt, item.path]) ?? 0
        }
        return earlier + 1
    }
}
