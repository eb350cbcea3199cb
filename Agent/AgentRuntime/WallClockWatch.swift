import Foundation
import RelayAPI
import Synchronization

/// Notices steps of the wall clock (NTP syncing a box with no RTC at boot, an operator setting the time):
/// between two looks the wall clock and the monotonic clock should move alike; a difference of
/// `threshold` or more is a step.
final class WallClockWatch: Sendable {
    let threshold: TimeInterval
    private let last = Mutex<(wall: Date, monotonic: ContinuousClock.Instant)?>(nil)

    init(threshold: TimeInterval = 10) {
        self.threshold = threshold
    }

    /// How far the wall clock stepped since the last look (positive: forward); nil when it kept pace.
    func step(wall: Date = Date(), monotonic: ContinuousClock.Instant = .now) -> TimeInterval? {
        last.withLock { last in
            defer { last = (wall, monotonic) }
            guard let previous = last else { return nil }
            let drift = wall.timeIntervalSince(previous.wall) - (monotonic - previous.monotonic).timeInterval
            return abs(drift) >= threshold ? drift : nil
        }
    }
}
