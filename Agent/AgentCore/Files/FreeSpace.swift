import Foundation

/// Free space on a file system, as an unprivileged process may use it.
package enum FreeSpace {
    /// Bytes available to this process on the file system holding `path`, or nil when it cannot be read.
    package static func bytes(at path: String) -> Int64? {
        var stats = statvfs()
        guard statvfs(path, &stats) == 0 else { return nil }
        return Int64(stats.f_bavail) * Int64(stats.f_frsize)
    }
}
