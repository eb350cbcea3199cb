import AgentCore
import Foundation
import GRDB

extension UploadQueueStore {
    /// True when `error`, or an error it wraps, is SQLite's "database or disk is full" (`SQLITE_FULL`) or
    /// the system's "no space left on device": the queue is intact and works again once space is freed.
    package static func isDiskFull(_ error: any Error) -> Bool {
        switch error {
        case let database as DatabaseError:
            return database.resultCode == .SQLITE_FULL
        case let posix as POSIXError:
            return posix.code == .ENOSPC
        case let wrapper as any WrappingError:
            return wrapper.underlying.map(isDiskFull) ?? false
        default:
            return false
        }
    }

    /// Closes the database: what is committed stays, and nothing can be read or written through this
    /// store afterwards. The daemon calls it last, once every service that uses the queue has stopped.
    package func closeDatabase() throws {
        try pool.close()
    }
}
