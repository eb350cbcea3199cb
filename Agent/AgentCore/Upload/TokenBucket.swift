/// The bandwidth cap's arithmetic, pure so it is table-tested: a bucket of `rate` bytes/s holding at most
/// one second of bytes. `take` answers how long to wait before `bytes` may be sent; the bucket may go
/// into debt so one large chunk is paid for by the wait that follows it.
package struct TokenBucket: Sendable, Equatable {
    package let rate: Double
    package private(set) var tokens: Double
    package private(set) var updatedAt: Double

    /// Starts full at time `now` (seconds).
    package init(rate: Double, now: Double) {
        self.rate = rate
        self.tokens = rate
        self.updatedAt = now
    }

    /// Takes `bytes` at time `now`; returns the seconds to wait before sending them (0 when the bucket
    /// had enough).
    package mutating func take(_ bytes: Int, now: Double) -> Double {
        tokens = min(rate, tokens + max(0, now - updatedAt) * rate)
        updatedAt = max(updatedAt, now)
        tokens -= Double(bytes)
        return tokens >= 0 ? 0 : -tokens / rate
    }
}
