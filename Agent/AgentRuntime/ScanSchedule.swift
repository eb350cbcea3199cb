import Foundation
import Synchronization

/// When the watch folders need scanning after inotify changes: at the earliest moment a change is
/// settled, and again at the latest one if changes kept coming meanwhile.
final class ScanSchedule: Sendable {
    let pending = Mutex<(earliest: Date, latest: Date)?>(nil)

    /// A change was seen; it is settled at `due`.
    func changed(settledAt due: Date) {
        pending.withLock { pending in
            pending = pending.map { (min($0.earliest, due), max($0.latest, due)) } ?? (due, due)
        }
    }

    /// True when a scan is due at `now` (and consumes it).
    func takeDue(now: Date) -> Bool {
        pending.withLock { pending in
            guard let scan = pending, scan.earliest <= now else { return false }
            pending = scan.latest > now ? (scan.latest, scan.latest) : nil
            return true
        }
    }
}
