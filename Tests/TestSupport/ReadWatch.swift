import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Tells whether anything read a file after it was set up, by its access time: the access time is put
/// back to 2000 (before the modification time), which `relatime` and `strictatime` mounts move forward on
/// the next read. `canDetectReads` is false on `noatime` mounts, where the check proves nothing.
package struct ReadWatch: Sendable {
    package let file: URL
    /// Whether this file system records reads at all (checked once, by reading the file).
    package let canDetectReads: Bool
    static let stamp = timespec(tv_sec: 946_684_800, tv_nsec: 0)

    package init(_ file: URL) throws {
        self.file = file
        try Self.resetAccessTime(file)
        _ = try Data(contentsOf: file)
        canDetectReads = try Self.accessTime(file) != Self.stamp.tv_sec
        try Self.resetAccessTime(file)
    }

    /// True when the file was read since the watch was set up.
    package var wasRead: Bool {
        (try? Self.accessTime(file)) != Self.stamp.tv_sec
    }

    static func status(_ file: URL) throws -> stat {
        var info = stat()
        guard stat(file.path, &info) == 0 else { throw CocoaError(.fileReadNoSuchFile) }
        return info
    }

    static func accessTime(_ file: URL) throws -> Int {
        try status(file).st_atim.tv_sec
    }

    static func resetAccessTime(_ file: URL) throws {
        // Access time to the stamp, modification time as it is.
        var times = [stamp, try status(file).st_mtim]
        guard utimensat(AT_FDCWD, file.path, &times, 0) == 0 else { throw CocoaError(.fileWriteUnknown) }
    }
}
