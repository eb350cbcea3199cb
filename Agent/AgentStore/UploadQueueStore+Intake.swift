import AgentCore
import Foundation
import GRDB

extension UploadQueueStore {
    /// What intake did with a file.
    package enum IntakeResult: Sendable, Equatable {
        case queued(UploadItem)
        /// Same bytes as an item already queued (another name, or a copy).
        case duplicate(ofItem: String)
        /// The path's item, not yet acknowledged, now stands for the file's new bytes (it grew or was
        /// rewritten): same id, angle and camera, new hash and size, its steps from the start.
        case superseded(UploadItem, previousSize: Int64)
        /// The path's own item already holds these bytes (the file was touched, not changed).
        case unchanged(UploadItem)
    }

    /// True when this path was already taken with this size and modification time: a rescan skips it
    /// without hashing.
    package func wasSeen(path: String, size: Int64, mtime: Double) throws -> Bool {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT 1 FROM seen_files WHERE path = ? AND size = ? AND mtime = ?", arguments: [path, size, mtime]) != nil
        }
    }

    /// Queues a hashed file, in one transaction with its `seen_files` row. A studio360 frame gets the
    /// angle of its capture order in the session (`index × 360 / frameCount`, index = items already
    /// queued from the folder), so angles survive restarts. A recording's camera file has its camera label.
    ///
    /// A file whose path already has an item whose bytes the backend has not acknowledged (queued,
    /// under way, or rejected) changed after it was taken — a writer that paused longer than intake
    /// waited: that item is superseded (`supersede`) instead of a second item being added, so a frame
    /// keeps its angle and a camera its one file. Once acknowledged, a changed file is a new capture and
    /// gets an item of its own. Blocking (a commit's fsync): called on the intake pool's thread, never on a
    /// cooperative one.
    package func intake(
        path: String, sha256: String, size: Int64, mtime: Double, contentType: String, sessionKey: String, frameCount: Int?,
        cameraLabel: String? = nil, now: Date = Date()
    ) throws -> IntakeResult {
        try pool.write { db in
            try db.execute(
                sql: "INSERT INTO seen_files (path, size, mtime) VALUES (?, ?, ?) ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime = excluded.mtime",
                arguments: [path, size, mtime])
            let own = try UploadItem.filter(Column("path") == path).filter(Column("state") != UploadState.acknowledged.rawValue)
                .order(Column("created_at").desc).fetchOne(db)
            if let own, own.sha256 == sha256 { return .unchanged(own) }
            let stamp = now.timeIntervalSince1970
            if let existing = try String.fetchOne(db, sql: "SELECT id FROM uploads WHERE sha256 = ?", arguments: [sha256]) {
                // The path's item stands for bytes the file no longer holds, and its new bytes are another
                // item's: nothing is left for it to send.
                if var own, !own.state.isTerminal {
                    own.state = .rejected
                    own.lastError = "the file changed before upload and now holds the same bytes as item \(existing)"
                    own.updatedAt = stamp
                    try own.update(db)
                }
                return .duplicate(ofItem: existing)
            }
            if var own {
                let previousSize = own.size
                try Self.supersede(&own, sha256: sha256, size: size, contentType: contentType, now: now, db)
                return .superseded(own, previousSize: previousSize)
            }
            var angle: Double?
            if let frameCount {
                let index = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM uploads WHERE session_key = ?", arguments: [sessionKey]) ?? 0
                angle = FolderScanner.angle(index: index, frameCount: frameCount)
            }
            var item = UploadItem(
                id: UUID().uuidString.lowercased(), path: path, sha256: sha256, size: size, contentType: contentType,
                sessionKey: sessionKey, angleDeg: angle, state: .discovered, failures: 0, retryAt: stamp, createdAt: stamp,
                updatedAt: stamp)
            item.cameraLabel = cameraLabel
            try item.insert(db)
            return .queued(item)
        }
    }

    /// Points `item` at new bytes of its file and sends it back to the first step: what belonged to the
    /// old bytes — QC result, image id and URL, a recording's asset, upload id and part URLs/ETags — is
    /// cleared. A recording's next init-upload reopens the camera's asset for the new size (the backend
    /// restarts an open upload of the same file name; the old one is aborted there). The id, session,
    /// angle, camera label and creation time stay, so the frame keeps its place in the turn.
    static func supersede(_ item: inout UploadItem, sha256: String, size: Int64, contentType: String, now: Date, _ db: Database) throws {
        let stamp = now.timeIntervalSince1970
        item.sha256 = sha256
        item.size = size
        item.contentType = contentType
        item.state = .discovered
        item.failures = 0
        item.retryAt = stamp
        item.qcStatus = nil
        item.qcJSON = nil
        item.imageId = nil
        item.uploadURL = nil
        item.uploadHeaders = nil
        item.urlExpiresAt = nil
        item.lastError = nil
        item.assetId = nil
        item.multipartUploadId = nil
        item.partSize = nil
        item.partCount = nil
        item.windowWait = false
        item.updatedAt = stamp
        try item.update(db)
        try db.execute(sql: "DELETE FROM upload_parts WHERE item_id = ?", arguments: [item.id])
    }
}
