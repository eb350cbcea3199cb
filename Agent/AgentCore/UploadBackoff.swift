import RelayAPI

/// How long the agent waits before retrying a failed upload step.
///
/// Base 1 s, cap 5 min, no jitter (`jitter = 1`):
///
/// | failure | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 |
/// |---|---|---|---|---|---|---|---|---|---|---|
/// | wait (s) | 1 | 2 | 4 | 8 | 16 | 32 | 64 | 128 | 256 | 300 |
///
/// Jitter places the wait in `[wait/2, wait]`, so a studio's boxes do not all retry at once when the
/// network returns. A server's `Retry-After` (429/503) wins when it is longer (capped at an hour).
public struct UploadBackoff: Sendable, Equatable {
    public var backoff: ExponentialBackoff

    public init(base: Duration = .seconds(1), cap: Duration = .seconds(300)) {
        self.backoff = ExponentialBackoff(base: base, cap: cap)
    }

    /// The wait after the `failures`-th consecutive failure (1-based).
    public func delay(failures: Int, jitter: Double, retryAfter: Duration? = nil) -> Duration {
        let wait = backoff.delay(attempt: failures, jitter: jitter)
        guard let retryAfter else { return wait }
        return max(wait, min(retryAfter, .seconds(3600)))
    }
}
