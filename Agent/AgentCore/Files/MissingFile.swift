import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Why a queued file is not at its path, judged from what is still there. A file on a network share or a
/// USB disk that went away for a minute, a session folder renamed to fix a VIN typo, and a file deleted
/// for good all look the same to `open()`; only the last may end the item, and only after a while.
package enum MissingFile: Sendable, Equatable {
    /// The storage the file was on is not there: the deepest folder still present on the way to the file
    /// is on another device than the file was (an unmounted NAS leaves the empty mount-point folder of
    /// the disk below), or the watch folder itself is missing. Wait for it to come back.
    case storageUnavailable(folder: String)
    /// The session folder is gone from a storage that is there: renamed or moved (intake finds the bytes
    /// at their new path) or deleted.
    case folderGone(folder: String)
    /// The folder is there, the file is not: renamed, moved or deleted.
    case fileGone

    /// Looks at the way from `root` (the watch folder the file was found under) down to `path`.
    /// - Parameter device: the `st_dev` the file had when it was taken (nil for items queued before it was
    ///   recorded: then only a missing watch folder counts as unavailable storage).
    package static func judge(path: String, root: String?, device: UInt64?) -> MissingFile {
        let folder = (path as NSString).deletingLastPathComponent
        var probe = folder
        var info = stat()
        // The deepest existing folder on the way to the file (not above the watch folder).
        while stat(probe, &info) != 0 {
            let parent = (probe as NSString).deletingLastPathComponent
            if let root, probe == root || !probe.hasPrefix(root) { return .storageUnavailable(folder: root) }
            guard parent != probe, !parent.isEmpty else { return .storageUnavailable(folder: probe) }
            probe = parent
        }
        if let device, UInt64(info.st_dev) != device { return .storageUnavailable(folder: probe) }
        return probe == folder ? .fileGone : .folderGone(folder: folder)
    }

    /// The device (`st_dev`) a path is on, nil when it cannot be looked at.
    package static func device(of path: String) -> UInt64? {
        var info = stat()
        return stat(path, &info) == 0 ? UInt64(info.st_dev) : nil
    }

    /// Whether the item should wait rather than end: while its storage is away, always; when the file or
    /// its folder is gone from storage that is there, until it has been missing for `giveUpAfter` (a
    /// rename is followed within a scan; a deletion is not undone).
    package func keepsWaiting(missingFor: TimeInterval, giveUpAfter: TimeInterval) -> Bool {
        switch self {
        case .storageUnavailable: return true
        case .folderGone, .fileGone: return missingFor < giveUpAfter
        }
    }

    /// For the log, `status` and the item's last error.
    package func reason(path: String) -> String {
        switch self {
        case .storageUnavailable(let folder):
            "waiting for \(folder) to come back (its disk or share is not mounted): \(path)"
        case .folderGone(let folder):
            "waiting: the folder \(folder) is gone (renamed or moved? its files are followed to their new place): \(path)"
        case .fileGone: "waiting: the file is gone (renamed or moved? it is followed to its new place): \(path)"
        }
    }
}
