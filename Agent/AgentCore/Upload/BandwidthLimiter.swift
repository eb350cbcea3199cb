import Foundation

/// The agent-wide upload cap: every upload body takes its chunks from one shared bucket, so N parallel
/// uploads together stay under `bytesPerSecond`. A rate of 0 means no limit.
package actor BandwidthLimiter {
    var bucket: TokenBucket?
    let clock = ContinuousClock()
    let origin: ContinuousClock.Instant
    /// No cap: callers skip the limiter altogether.
    package nonisolated let isUnlimited: Bool

    package init(bytesPerSecond: Int64) {
        origin = clock.now
        isUnlimited = bytesPerSecond <= 0
        bucket = bytesPerSecond > 0 ? TokenBucket(rate: Double(bytesPerSecond), now: 0) : nil
    }

    /// Waits until `bytes` may be sent.
    package func acquire(_ bytes: Int) async throws {
        guard var current = bucket else { return }
        let wait = current.take(bytes, now: seconds(origin.duration(to: clock.now)))
        bucket = current
        if wait > 0 { try await Task.sleep(for: .seconds(wait)) }
    }

    func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
