/// How long the agent waits before retrying a failed upload step: exponential, capped, with jitter.
///
/// A pure function so it can be checked as a table. Base 1 s, cap 5 min, no jitter (`jitter = 1`):
///
/// | failure | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 |
/// |---|---|---|---|---|---|---|---|---|---|---|
/// | wait (s) | 1 | 2 | 4 | 8 | 16 | 32 | 64 | 128 | 256 | 300 |
///
/// `jitter` in 0...1 places the wait in `[wait/2, wait]`, so a studio's boxes do not all retry at once
/// when the network returns. A server's `Retry-After` (429/503) wins when it is longer.
public struct UploadBackoff: Sendable, Equatable {
    public var base: Duration
    public var cap: Duration

    public init(base: Duration = .seconds(1), cap: Duration = .seconds(300)) {
        self.base = base
        self.cap = cap
    }

    /// The wait after the `failures`-th consecutive failure (1-based).
    public func delay(failures: Int, jitter: Double, retryAfter: Duration? = nil) -> Duration {
        let exponent = min(max(failures - 1, 0), 30)
        let capped = min(base * (1 << exponent), cap)
        let jittered = capped * (0.5 + 0.5 * min(max(jitter, 0), 1))
        guard let retryAfter else { return jittered }
        return max(jittered, min(retryAfter, .seconds(3600)))
    }
}
