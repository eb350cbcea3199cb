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
        /// The bytes of an item whose file is no longer at its path: the item now follows them to this
        /// path (a renamed session folder, a file moved by hand) instead of ending as "file gone".
        case moved(UploadItem, from: String)
    }

    /// True when this path was already taken with this size and modification time: a rescan skips it
    /// without hashing.
    package func wasSeen(path: String, size: Int64, mtime: Double) throws -> Bool {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT 1 FROM seen_files WHERE path = ? AND size = ? AND mtime = ?", arguments: [path, size, mtime]) != nil
        }
    }

    /// Queues a hashed file, in one transaction with its `seen_files` row. A studio360 frame gets its
    /// place in the session's capture order (`Frames`); a recording's camera file has its camera label.
    /// Bytes already queued are a duplicate — unless their item's file is gone from its path, then the
    /// item moves to this one (`follow`).
    ///
    /// A file whose path already has an item whose bytes the backend has not acknowledged (queued,
    /// under way, or rejected) changed after it was taken — a writer that paused longer than intake
    /// waited: that item is superseded (`supersede`) instead of a second item being added, so a frame
    /// keeps its angle and a camera its one file. Once acknowledged, a changed file is a new capture and
    /// gets an item of its own. Blocking (a commit's fsync): called on the intake pool's thread, never on a
    /// cooperative one.
    package func intake(
        path: String, sha256: String, size: Int64, mtime: Double, contentType: String, sessionKey: String, frameCount: Int?,
        cameraLabel: String? = nil, device: UInt64? = nil, now: Date = Date()
    ) throws -> IntakeResult {
        try pool.write { db in
            try db.execute(
                sql: "INSERT INTO seen_files (path, size, mtime) VALUES (?, ?, ?) ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime = excluded.mtime",
                arguments: [path, size, mtime])
            let own = try UploadItem.filter(Column("path") == path).filter(Column("state") != UploadState.acknowledged.rawValue)
                .order(Column("created_at").desc).fetchOne(db)
            if let own, own.sha256 == sha256 {
                // Back at its path (a share remounted): an item waiting for it, or rejected by an older
                // agent because it was gone, is due again.
                if let back = try Self.follow(own, to: path, sessionKey: sessionKey, device: device, now: now, db) { return .moved(back, from: own.path) }
                return .unchanged(own)
            }
            let stamp = now.timeIntervalSince1970
            if let existing = try UploadItem.filter(Column("sha256") == sha256).fetchOne(db) {
                // The path's item stands for bytes the file no longer holds, and its new bytes are another
                // item's: nothing is left for it to send.
                if var own, !own.state.isTerminal {
                    own.state = .rejected
                    own.lastError = "the file changed before upload and now holds the same bytes as item \(existing.id)"
                    own.updatedAt = stamp
                    try own.update(db)
                }
                if let moved = try Self.follow(existing, to: path, sessionKey: sessionKey, device: device, now: now, db) {
                    return .moved(moved, from: existing.path)
                }
                return .duplicate(ofItem: existing.id)
            }
            if var own {
                let previousSize = own.size
                try Self.supersede(&own, sha256: sha256, size: size, contentType: contentType, device: device, now: now, db)
                return .superseded(own, previousSize: previousSize)
            }
            var item = UploadItem(
                id: UUID().uuidString.lowercased(), path: path, sha256: sha256, size: size, contentType: contentType,
                sessionKey: sessionKey, angleDeg: nil, state: .discovered, failures: 0, retryAt: stamp, createdAt: stamp,
                updatedAt: stamp)
            if let frameCount {
                let frame = try Frames.place(path: path, sessionKey: sessionKey, frameCount: frameCount, now: now, db)
                item.frameIndex = frame.index
                item.reshoot = frame.reshoot
                item.angleDeg = FolderScanner.angle(index: frame.index, frameCount: frameCount)
            }
            item.cameraLabel = cameraLabel
            item.fileDevice = device
            try item.insert(db)
            return .queued(item)
        }
    }

    /// Points `item` at new bytes of its file and sends it back to the first step: what belonged to the
    /// old bytes — QC result, image id and URL, a recording's asset, upload id and part URLs/ETags — is
    /// cleared. A recording's next init-upload reopens the camera's asset for the new size (the backend
    /// restarts an open upload of the same file name; the old one is aborted there). The id, session,
    /// angle, camera label and creation time stay, so the frame keeps its place in the turn.
    static func supersede(
        _ item: inout UploadItem, sha256: String, size: Int64, contentType: String, device: UInt64?, now: Date, _ db: Database
    ) throws {
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
        item.missingSince = nil
        item.fileDevice = device
        item.updatedAt = stamp
        try item.update(db)
        try db.execute(sql: "DELETE FROM upload_parts WHERE item_id = ?", arguments: [item.id])
    }

    /// Moves `existing` to `path` when its own file is no longer at its path and nothing was done with
    /// the file yet (nil otherwise: the bytes are a copy). An item not yet presigned also joins the new
    /// path's session (a VIN typo fixed by renaming the folder); one waiting for its file, or rejected
    /// because the file was gone, is due again at once.
    /// The same path counts as a move when the item was waiting for its file or rejected as gone.
    static func follow(_ existing: UploadItem, to path: String, sessionKey: String, device: UInt64?, now: Date, _ db: Database) throws -> UploadItem? {
        let goneRejection = existing.state == .rejected && (existing.lastError?.hasPrefix(Self.fileGoneReason) ?? false)
        if existing.path == path {
            guard goneRejection || existing.missingSince != nil else { return nil }
        } else {
            guard existing.originalDisposal == nil, !FileManager.default.fileExists(atPath: existing.path) else { return nil }
        }
        var moved = existing
        moved.path = path
        moved.fileDevice = device
        moved.missingSince = nil
        if existing.imageId == nil, existing.assetId == nil, existing.state != .acknowledged { moved.sessionKey = sessionKey }
        if goneRejection {
            moved.state = existing.qcStatus == nil && !existing.isRecording ? .discovered : .qcDone
            moved.failures = 0
        }
        if goneRejection || existing.missingSince != nil {
            moved.retryAt = now.timeIntervalSince1970
            moved.lastError = nil
        }
        moved.updatedAt = now.timeIntervalSince1970
        try moved.update(db)
        return moved
    }

    /// How an item rejected because its file was gone says so (older agents rejected such items; a move
    /// brings them back).
    package static let fileGoneReason = "the file is gone"
}
