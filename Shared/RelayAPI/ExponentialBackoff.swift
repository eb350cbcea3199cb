/// Exponential backoff with a cap and "equal jitter": the wait after the n-th consecutive failure is
/// `min(base · 2^(n-1), cap)`, scaled into `[wait/2, wait]` by `jitter` in 0...1.
///
/// The one backoff rule of both halves; each use is a named preset with its table below
/// (`uploads`, `jobs`, `login`).
package struct ExponentialBackoff: Sendable, Equatable {
    package var base: Duration
    package var cap: Duration

    package init(base: Duration, cap: Duration) {
        self.base = base
        self.cap = cap
    }

    /// The wait after the `attempt`-th consecutive failure (1-based; values below 1 count as 1). A
    /// server's `retryAfter` (429/503) wins when it is longer, capped at an hour.
    package func delay(attempt: Int, jitter: Double, retryAfter: Duration? = nil) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let capped = min(base * (1 << exponent), cap)
        let wait = capped * (0.5 + 0.5 * min(max(jitter, 0), 1))
        guard let retryAfter else { return wait }
        return max(wait, min(retryAfter, .seconds(3600)))
    }
}

extension ExponentialBackoff {
    /// How long the agent waits before retrying a failed upload step: base 1 s, cap 5 min. Without
    /// jitter (`jitter = 1`):
    ///
    /// | failure | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 |
    /// |---|---|---|---|---|---|---|---|---|---|---|
    /// | wait (s) | 1 | 2 | 4 | 8 | 16 | 32 | 64 | 128 | 256 | 300 |
    ///
    /// Jitter places the wait in `[wait/2, wait]`, so a studio's boxes do not all retry at once when the
    /// network returns.
    package static let uploads = ExponentialBackoff(base: .seconds(1), cap: .seconds(300))

    /// The delay before a failed backend job is retried: base 2 s, cap 10 min. Without jitter:
    ///
    /// | attempt | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 |
    /// |---|---|---|---|---|---|---|---|---|---|---|
    /// | delay (s) | 2 | 4 | 8 | 16 | 32 | 64 | 128 | 256 | 512 | 600 |
    ///
    /// Jitter places the delay in `[delay/2, delay]` so many jobs failing together do not retry together.
    package static let jobs = ExponentialBackoff(base: .seconds(2), cap: .seconds(600))

    /// How long an account waits after each wrong password beyond the free ones: 1, 2, 4 … s up to
    /// 15 min, no jitter (the wait is announced in `Retry-After`).
    package static let login = ExponentialBackoff(base: .seconds(1), cap: .seconds(900))
}
