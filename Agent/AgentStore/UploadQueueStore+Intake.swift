import AgentCore
import Foundation
import GRDB

extension UploadQueueStore {
    /// What intake did with a file.
    package enum IntakeResult: Sendable, Equatable {
        case queued(UploadItem)
        /// Same bytes as an item already queued (another name, or a copy).
        case duplicate(ofItem: String)
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
    /// Blocking (a commit's fsync): called on the intake pool's thread, never on a cooperative one.
    package func intake(
        path: String, sha256: String, size: Int64, mtime: Double, contentType: String, sessionKey: String, frameCount: Int?,
        cameraLabel: String? = nil, now: Date = Date()
    ) throws -> IntakeResult {
        try pool.write { db in
            try db.execute(
                sql: "INSERT INTO seen_files (path, size, mtime) VALUES (?, ?, ?) ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime = excluded.mtime",
                arguments: [path, size, mtime])
            if let existing = try String.fetchOne(db, sql: "SELECT id FROM uploads WHERE sha256 = ?", arguments: [sha256]) {
                return .duplicate(ofItem: existing)
            }
            var angle: Double?
            if let frameCount {
                let index = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM uploads WHERE session_key = ?", arguments: [sessionKey]) ?? 0
                angle = FolderScanner.angle(index: index, frameCount: frameCount)
            }
            let stamp = now.timeIntervalSince1970
            var item = UploadItem(
                id: UUID().uuidString.lowercased(), path: path, sha256: sha256, size: size, contentType: contentType,
                sessionKey: sessionKey, angleDeg: angle, state: .discovered, failures: 0, retryAt: stamp, createdAt: stamp,
                updatedAt: stamp)
            item.cameraLabel = cameraLabel
            try item.insert(db)
            return .queued(item)
        }
    }
}
