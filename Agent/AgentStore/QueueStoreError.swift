import AgentCore
import Foundation

/// The queue database's lock file cannot be opened or locked (opening the database itself fails with
/// GRDB's `DatabaseError`, which keeps SQLite's result code).
package enum QueueStoreError: WrappingError, CustomStringConvertible {
    case lockNotOpened(lockFile: String, SystemErrorNumber)
    case lockNotTaken(lockFile: String, SystemErrorNumber)

    package var description: String {
        switch self {
        case .lockNotOpened(let file, let error): "cannot open \(file): \(error)"
        case .lockNotTaken(let file, let error): "cannot lock \(file): \(error)"
        }
    }

    package var underlying: (any Error)? {
        switch self {
        case .lockNotOpened(_, let error), .lockNotTaken(_, let error): error.posix
        }
    }
}
