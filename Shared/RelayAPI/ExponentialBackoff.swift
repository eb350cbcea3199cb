/// Exponential backoff with a cap and "equal jitter": the wait after the n-th consecutive failure is
/// `min(base · 2^(n-1), cap)`, scaled into `[wait/2, wait]` by `jitter` in 0...1.
///
/// A pure function shared by the backend's job retries (`JobBackoff`: base 2 s, cap 10 min) and the
/// agent's upload retries (`UploadBackoff`: base 1 s, cap 5 min); each documents its table.
public struct ExponentialBackoff: Sendable, Equatable {
    public var base: Duration
    public var cap: Duration

    public init(base: Duration, cap: Duration) {
        self.base = base
        self.cap = cap
    }

    /// The wait after the `attempt`-th consecutive failure (1-based; values below 1 count as 1).
    public func delay(attempt: Int, jitter: Double) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let capped = min(base * (1 << exponent), cap)
        return capped * (0.5 + 0.5 * min(max(jitter, 0), 1))
    }
}
