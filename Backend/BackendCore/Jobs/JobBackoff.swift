/// The delay before a failed job is retried: exponential, capped, with jitter.
///
/// `delay(attempt:jitter:)` is a pure function; with the defaults (base 2 s, cap 10 min) and no
/// jitter (`jitter = 1`):
///
/// | attempt | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 |
/// |---|---|---|---|---|---|---|---|---|---|---|
/// | delay (s) | 2 | 4 | 8 | 16 | 32 | 64 | 128 | 256 | 512 | 600 |
///
/// `jitter` in 0...1 scales the delay into `[delay/2, delay]` ("equal jitter"), so many jobs failing
/// together do not retry together.
public struct JobBackoff: Sendable, Equatable {
    public var base: Duration
    public var cap: Duration

    public init(base: Duration = .seconds(2), cap: Duration = .seconds(600)) {
        self.base = base
        self.cap = cap
    }

    /// Delay after the `attempt`-th failure (1-based).
    public func delay(attempt: Int, jitter: Double) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let raw = base * (1 << exponent)
        let capped = min(raw, cap)
        let factor = 0.5 + 0.5 * min(max(jitter, 0), 1)
        return capped * factor
    }
}
