import Foundation
import GRDB

extension UploadQueueStore {
    /// Records files as already looked at (path, size, modification time), in one transaction, as
    /// `intake` does for each file it takes: a scan then skips them without hashing. For seeding a
    /// queue with files known to be dealt with (the scan benchmark's 100,000 files).
    package func markSeen(_ files: [(path: String, size: Int64, mtime: Double)]) throws {
        try pool.write { db in
            for file in files {
                try db.execute(
                    sql: "INSERT INTO seen_files (path, size, mtime) VALUES (?, ?, ?) ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime = excluded.mtime",
                    arguments: [file.path, file.size, file.mtime])
            }
        }
    }
}
