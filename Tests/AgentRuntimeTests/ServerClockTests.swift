@testable import AgentRuntime
import Foundation
import RelayAPI
import RelayClient
import Testing

/// The server's clock as the agent carries it (issue 23 items 6 and 10), and which backend answers the
/// agent waits out rather than rejecting an item for (item 5's audit).
@Suite("Server clock and recoverable answers")
struct ServerClockTests {
    @Test("the Date header read, carried forward by the monotonic clock, whatever the wall clock does")
    func carriedByMonotonicClock() throws {
        let clock = ServerClock()
        #expect(clock.now() == nil, "unknown before the first answer")
        let received = ContinuousClock.now
        clock.observe(dateHeader: "Sun, 06 Dec 2026 14:00:00 GMT", received: received, local: Date(timeIntervalSince1970: 0))
        let header = try #require(ServerClock.parse("Sun, 06 Dec 2026 14:00:00 GMT"))
        #expect(clock.now(at: received) == header.addingTimeInterval(0.5))
        let later = try #require(clock.now(at: received.advanced(by: .seconds(90))))
        #expect(abs(later.timeIntervalSince(header) - 90.5) < 0.001)
        #expect(abs(try #require(clock.skew(localNow: header.addingTimeInterval(3600.5), at: received)) - 3600) < 0.001)
        clock.observe(dateHeader: "not a date")
        #expect(clock.now(at: received) == header.addingTimeInterval(0.5), "an unreadable header changes nothing")
    }

    @Test(
        "answers that may clear on their own are retried; the rest reject the item",
        arguments: [
            (408, nil, true), (423, nil, true), (425, nil, true), (429, "RATE_LIMITED", true), (500, "INTERNAL_ERROR", true),
            (503, "SERVICE_UNAVAILABLE", true), (409, "CONFLICT", true), (409, "ASSET_EXISTS", false), (409, "IMAGE_RETRY_LIMIT", false),
            (400, "VALIDATION_ERROR", false), (403, "FORBIDDEN", false), (413, "PAYLOAD_TOO_LARGE", false),
        ] as [(Int, String?, Bool)])
    func transientAnswers(status: Int, code: String?, transient: Bool) {
        #expect(UploadStep.isTransient(status: status, code: code.map(APIErrorCode.init(rawValue:))) == transient)
    }
}
