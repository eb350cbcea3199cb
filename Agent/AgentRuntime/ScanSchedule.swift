import Foundation
import Synchronization

/// When what inotify reported needs scanning: each changed file or folder at the earliest moment its
/// change is settled, and again at the latest one if it kept changing meanwhile. Only what changed is
/// scanned (a `ScanPlan`); lost events schedule their whole root. Times are monotonic: a step of the
/// wall clock (NTP at boot, a box without RTC) does not hold scans back.
final class ScanSchedule: Sendable {
    typealias Instant = ContinuousClock.Instant
    let pending = Mutex<[ScanPlan.Target: (earliest: Instant, latest: Instant)]>([:])

    /// `target` changed; the change is settled at `due`.
    func changed(_ target: ScanPlan.Target, settledAt due: Instant) {
        pending.withLock { pending in
            pending[target] = pending[target].map { (min($0.earliest, due), max($0.latest, due)) } ?? (due, due)
        }
    }

    /// What is due at `now` (consumed; what changed again later stays scheduled for its latest moment).
    func takeDue(now: Instant = .now) -> ScanPlan {
        pending.withLock { pending in
            var plan = ScanPlan()
            for (target, scan) in pending where scan.earliest <= now {
                plan.add(target)
                pending[target] = scan.latest > now ? (scan.latest, scan.latest) : nil
            }
            return plan
        }
    }
}
