import AgentCore
import AgentStore
import Foundation

/// Why `relay-agent run` cannot start: something the operator fixes before starting it again (exit
/// status 2). The description is the message the operator sees.
package enum AgentStartupError: WrappingError, CustomStringConvertible {
    /// No credentials in the state directory.
    case notEnrolled(credentialsFile: URL)
    /// The credentials file exists but cannot be read as credentials.
    case credentialsUnreadable(any Error)
    /// A configured watch or recording folder is missing or not a folder.
    case watchFolderMissing(URL)
    /// The queue database cannot be opened (or migrated).
    case queueUnopenable(any Error)

    package var description: String {
        switch self {
        case .notEnrolled(let file): "not enrolled: no \(file.path). Run `relay-agent enroll` first."
        case .credentialsUnreadable(let error): "\(error)"
        case .watchFolderMissing(let folder): "watch folder \(folder.path) does not exist"
        case .queueUnopenable(let error): FailureText.describe(error)
        }
    }

    package var underlying: (any Error)? {
        switch self {
        case .notEnrolled, .watchFolderMissing: nil
        case .credentialsUnreadable(let error), .queueUnopenable(let error): error
        }
    }
}
