/// An original that could not be looked at or deleted (it is kept, and tried again later).
package enum OriginalRemovalError: WrappingError, CustomStringConvertible {
    /// Its folder does not let the agent delete files.
    case folderNotWritable(path: String, folder: String, SystemErrorNumber)
    /// A system call on the file failed (`action` says which: "cannot look at", "cannot open", "cannot delete").
    case failed(action: String, path: String, SystemErrorNumber)

    package var description: String {
        switch self {
        case .folderNotWritable(let path, let folder, let error): "cannot delete \(path): \(folder) is not writable (\(error))"
        case .failed(let action, let path, let error): "\(action) \(path): \(error)"
        }
    }

    package var underlying: (any Error)? {
        switch self {
        case .folderNotWritable(_, _, let error), .failed(_, _, let error): error.posix
        }
    }
}
