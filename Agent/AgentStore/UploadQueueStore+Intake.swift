import AgentCore
import Foundation
import GRDB

extension UploadQueueStore {
    /// What intake did with a file.
    package enum IntakeResult: Sendable, Equatable {
        case queued(UploadItem)
        /// Same bytes as an item already queued (another name, or a copy).
        case duplicate(ofItem: String)
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
    /// item moves to this one. Blocking (a commit's fsync): called on the intake pool's thread, never on a
    /// cooperative one.
    package func intake(
        path: String, sha256: String, size: Int64, mtime: Double, contentType: String, sessionKey: String, frameCount: Int?,
        cameraLabel: String? = nil, device: UInt64? = nil, now: Date = Date()
    ) throws -> IntakeResult {
        try pool.write { db in
            try db.execute(
                sql: "INSERT INTO seen_files (path, size, mtime) VALUES (?, ?, ?) ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime = excluded.mtime",
                arguments: [path, size, mtime])
            if let existing = try UploadItem.filter(Column("sha256") == sha256).fetchOne(db) {
                guard let moved = try Self.follow(existing, to: path, sessionKey: sessionKey, device: device, now: now, db) else {
                    return .duplicate(ofItem: existing.id)
                }
                return .moved(moved, from: existing.path)
            }
            let stamp = now.timeIntervalSince1970
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

    /// Moves `existing` to `path` when its own file is no longer at its path and nothing was done with
    /// the file yet (nil otherwise: the bytes are a copy). An item not yet presigned also joins the new
    /// path's session (a VIN typo fixed by renaming the folder); one waiting for its file, or rejected
    /// because the file was gone, is due again at once.
    static func follow(_ existing: UploadItem, to path: String, sessionKey: String, device: UInt64?, now: Date, _ db: Database) throws -> UploadItem? {
        guard existing.path != path, existing.originalDisposal == nil, !FileManager.default.fileExists(atPath: existing.path) else { return nil }
        var moved = existing
        moved.path = path
        moved.fileDevice = device
        moved.missingSince = nil
        if existing.imageId == nil, existing.assetId == nil, existing.state != .acknowledged { moved.sessionKey = sessionKey }
        let goneRejection = existing.state == .rejected && (existing.lastError?.hasPrefix(Self.fileGoneReason) ?? false)
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
