import AgentCore
import Testing

@Suite("Agent upload backoff")
struct UploadBackoffTests {
    @Test(arguments: [(1, 1), (2, 2), (3, 4), (4, 8), (5, 16), (6, 32), (7, 64), (8, 128), (9, 256), (10, 300), (99, 300)])
    func table(failures: Int, seconds: Int) {
        #expect(UploadBackoff().delay(failures: failures, jitter: 1) == .seconds(seconds))
    }

    @Test("Retry-After wins when longer, is capped at an hour")
    func retryAfter() {
        let backoff = UploadBackoff()
        #expect(backoff.delay(failures: 1, jitter: 1, retryAfter: .seconds(30)) == .seconds(30))
        #expect(backoff.delay(failures: 10, jitter: 1, retryAfter: .seconds(30)) == .seconds(300))
        #expect(backoff.delay(failures: 1, jitter: 1, retryAfter: .seconds(99_999)) == .seconds(3600))
        #expect(backoff.delay(failures: 4, jitter: 0) == .seconds(4))
    }
}
