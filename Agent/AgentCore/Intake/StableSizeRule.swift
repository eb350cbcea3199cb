import Foundation

/// The rule for a file whose bytes cannot vouch for it (a format with no structural check, or a JPEG,
/// HEIC or MP4 whose structure is not whole): it is taken only once the agent has seen it with the same
/// size and modification time at two scans at least `seconds` apart, by the agent's monotonic clock.
///
/// A writer that pauses mid-file (slow Wi-Fi FTP, a stalled SMB copy, a recorder between chunks) leaves
/// the mtime alone, so the mtime's age alone would take the prefix; a copy that preserves the source's
/// mtime would too. Watching the file instead needs two looks `seconds` apart with nothing changed, so
/// a pause shorter than `seconds` is never taken, whatever the file's timestamps say; the clock is the
/// agent's uptime, so a wall-clock jump does not shorten the wait. After a restart the watch begins again.
package struct StableSizeRule: Sendable {
    /// What one file looked like when it was first seen so.
    struct Look: Sendable, Equatable {
        var size: Int64
        var mtime: Double
        /// Monotonic seconds when the file was first seen with this size and mtime.
        var since: Double
    }

    /// The quiet period required (`unverified_settle_seconds`).
    package let seconds: Double
    var looks: [String: Look] = [:]

    package init(seconds: Double) {
        self.seconds = seconds
    }

    /// Records a look at `path` at monotonic time `now`; true when it has had this size and mtime for at
    /// least `seconds`.
    package mutating func isStable(path: String, size: Int64, mtime: Double, now: Double) -> Bool {
        if let look = looks[path], look.size == size, look.mtime == mtime {
            return now - look.since >= seconds
        }
        looks[path] = Look(size: size, mtime: mtime, since: now)
        return seconds <= 0
    }

    /// Drops the watch of a file once it is taken (or gone).
    package mutating func forget(_ path: String) {
        looks[path] = nil
    }

    /// Keeps only the files still waiting (those seen by the last scan).
    package mutating func keep(only paths: Set<String>) {
        looks = looks.filter { paths.contains($0.key) }
    }

    /// The files being watched.
    package var paths: [String] { Array(looks.keys) }

    /// The monotonic time at which the earliest waiting file has waited long enough (a scan then takes it).
    package var nextDue: Double? {
        looks.values.map { $0.since + seconds }.min()
    }
}
