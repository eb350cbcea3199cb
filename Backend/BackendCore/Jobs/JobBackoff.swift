import RelayAPI

/// The delay before a failed job is retried.
///
/// With the defaults (base 2 s, cap 10 min) and no jitter (`jitter = 1`):
///
/// | attempt | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 |
/// |---|---|---|---|---|---|---|---|---|---|---|
/// | delay (s) | 2 | 4 | 8 | 16 | 32 | 64 | 128 | 256 | 512 | 600 |
///
/// Jitter places the delay in `[delay/2, delay]` so many jobs failing together do not retry together.
public typealias JobBackoff = ExponentialBackoff

extension ExponentialBackoff {
    /// The job queue's defaults: base 2 s, cap 10 min.
    public init() {
        self.init(base: .seconds(2), cap: .seconds(600))
    }
}
