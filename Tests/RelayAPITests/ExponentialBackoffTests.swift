import RelayAPI
import Testing

@Suite("Exponential backoff presets")
struct ExponentialBackoffTests {
    /// The table documented on `ExponentialBackoff.uploads` (no jitter).
    @Test(arguments: [(1, 1), (2, 2), (3, 4), (4, 8), (5, 16), (6, 32), (7, 64), (8, 128), (9, 256), (10, 300), (99, 300)])
    func uploadTable(failures: Int, seconds: Int) {
        #expect(ExponentialBackoff.uploads.delay(attempt: failures, jitter: 1) == .seconds(seconds))
    }

    @Test("Retry-After wins when longer, is capped at an hour")
    func retryAfter() {
        let backoff = ExponentialBackoff.uploads
        #expect(backoff.delay(attempt: 1, jitter: 1, retryAfter: .seconds(30)) == .seconds(30))
        #expect(backoff.delay(attempt: 10, jitter: 1, retryAfter: .seconds(30)) == .seconds(300))
        #expect(backoff.delay(attempt: 1, jitter: 1, retryAfter: .seconds(99_999)) == .seconds(3600))
        #expect(backoff.delay(attempt: 4, jitter: 0) == .seconds(4))
    }

    /// The table documented on `ExponentialBackoff.jobs` (no jitter).
    @Test(arguments: [(1, 2), (2, 4), (3, 8), (4, 16), (5, 32), (6, 64), (7, 128), (8, 256), (9, 512), (10, 600), (40, 600)])
    func jobTable(attempt: Int, seconds: Int) {
        #expect(ExponentialBackoff.jobs.delay(attempt: attempt, jitter: 1) == .seconds(seconds))
    }

    @Test("jitter scales into [delay/2, delay]")
    func jitter() {
        let backoff = ExponentialBackoff.jobs
        #expect(backoff.delay(attempt: 3, jitter: 0) == .seconds(4))
        #expect(backoff.delay(attempt: 3, jitter: 0.5) == .seconds(6))
        #expect(backoff.delay(attempt: 3, jitter: 7) == .seconds(8))
        #expect(backoff.delay(attempt: 0, jitter: 1) == .seconds(2))
    }

    /// The login wait: 1, 2, 4 … s, up to 15 min.
    @Test(arguments: [(1, 1), (2, 2), (5, 16), (10, 512), (11, 900), (60, 900)])
    func loginTable(over: Int, seconds: Int) {
        #expect(ExponentialBackoff.login.delay(attempt: over, jitter: 1) == .seconds(seconds))
    }
}
