import BackendCore
import Testing

@Suite("Job backoff")
struct JobBackoffTests {
    /// The table documented on `JobBackoff` (no jitter).
    @Test(arguments: [(1, 2), (2, 4), (3, 8), (4, 16), (5, 32), (6, 64), (7, 128), (8, 256), (9, 512), (10, 600), (40, 600)])
    func table(attempt: Int, seconds: Int) {
        #expect(JobBackoff().delay(attempt: attempt, jitter: 1) == .seconds(seconds))
    }

    @Test("jitter scales into [delay/2, delay]")
    func jitter() {
        let backoff = JobBackoff()
        #expect(backoff.delay(attempt: 3, jitter: 0) == .seconds(4))
        #expect(backoff.delay(attempt: 3, jitter: 0.5) == .seconds(6))
        #expect(backoff.delay(attempt: 3, jitter: 7) == .seconds(8))
        #expect(backoff.delay(attempt: 0, jitter: 1) == .seconds(2))
    }
}
