import BackendApp
import BackendCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RelayAPI
import Testing
import TestSupport

/// Seed 001's rate limits: headers on every limited response, 429 with `Retry-After`, refill.
@Suite("Rate limits", .serialized)
struct RateLimitTests {
    static let limit = HTTPField.Name("X-RateLimit-Limit")!
    static let remaining = HTTPField.Name("X-RateLimit-Remaining")!
    static let reset = HTTPField.Name("X-RateLimit-Reset")!

    @Test("per-token buckets: headers count down, 429 with Retry-After, other tokens unaffected")
    func perToken() async throws {
        // 5 per minute: one token comes back every 12 s.
        try await TestApp.with("sqlite", extra: ["rate_limit_default": "5"]) { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                let token = fixture.reviewerToken
                // AuthFixture's logins spent other buckets (per-IP/other tokens); this token's bucket is full.
                // Requests go on until the first 429. A token comes back every 12 s, and a loaded CI machine
                // can be that slow between requests, so the count may exceed 5 by the refills in between;
                // the countdown and the 429 are checked exactly.
                let start = Date()
                var lefts: [Int] = []
                var limited: TestResponse?
                for _ in 1...30 {
                    let sent = Int(Date().timeIntervalSince1970)
                    let response = try await request(client, .get, "/v1/auth/me", token: token)
                    if response.status == .tooManyRequests {
                        limited = response
                        break
                    }
                    #expect(response.status == .ok)
                    #expect(response.headers[Self.limit] == "5")
                    lefts.append(Int(response.headers[Self.remaining] ?? "") ?? -1)
                    let resetAt = Int(response.headers[Self.reset] ?? "") ?? 0
                    // Not against the clock after the answer: a loaded machine may take seconds to hand it over.
                    #expect(resetAt >= sent)
                }
                let refills = Int(Date().timeIntervalSince(start) / 12) + 1
                #expect(lefts.first == 4, "a full bucket of 5, less this request")
                #expect(lefts.last == 0, "the request before the 429 took the last token")
                #expect(lefts.count >= 5 && lefts.count <= 5 + refills, "\(lefts)")
                #expect(zip(lefts, lefts.dropFirst()).allSatisfy { $1 <= $0 + refills || $1 == 0 }, "the countdown only falls (but for refills on a slow machine): \(lefts)")
                let refused = try #require(limited, "no 429 after \(lefts.count) requests")
                #expect(errorCode(refused) == APIErrorCode.rateLimited)
                let retryAfter = try #require(Int(refused.headers[.retryAfter] ?? ""))
                #expect((1...12).contains(retryAfter))
                #expect(refused.headers[Self.remaining] == "0")
                // Another token has its own bucket.
                #expect(try await request(client, .get, "/v1/auth/me", token: fixture.adminToken).status == .ok)
                // Health is never limited and carries no limit headers.
                let health = try await request(client, .get, "/v1/health", token: nil)
                #expect(health.headers[Self.limit] == nil)
            }
        }
    }

    @Test("the bucket refills at the configured rate and never beyond its size")
    func refill() {
        let limiter = TokenBucketLimiter()
        let rule = RateLimitRule(name: "test", requestsPerMinute: 60, scope: .token)
        let start = 1_000_000.0
        for n in 0..<60 { #expect(limiter.take(rule, key: "k", now: start).remaining == 59 - n) }
        let empty = limiter.take(rule, key: "k", now: start)
        #expect(!empty.allowed)
        #expect(empty.retryAfter == 1)
        #expect(empty.resetAt == Int(start) + 60)
        #expect(!limiter.take(rule, key: "k", now: start + 0.5).allowed)
        let refilled = limiter.take(rule, key: "k", now: start + 1.6)
        #expect(refilled.allowed)
        #expect(refilled.remaining == 0)
        // A long pause fills the bucket, but only to its size.
        #expect(limiter.take(rule, key: "k", now: start + 3600).remaining == 59)
        #expect(limiter.take(rule, key: "other", now: start).remaining == 59)
    }

    @Test("POST /v1/auth/device is limited per client IP")
    func enrollmentPerIP() async throws {
        try await TestApp.with("sqlite", extra: ["rate_limit_auth_device": "3"]) { _, router in
            try await TestApp.application(router).test(.router) { client in
                for _ in 1...3 {
                    let response = try await postJSON(client, "/v1/auth/device", ["org_id": "x"])
                    #expect(response.status == .badRequest)
                    #expect(response.headers[Self.limit] == "3")
                }
                let limited = try await postJSON(client, "/v1/auth/device", ["org_id": "x"])
                #expect(limited.status == .tooManyRequests)
                #expect(limited.headers[.retryAfter] != nil)
            }
        }
    }

    static func enroll(_ client: some TestClientProtocol, from address: String) async throws -> HTTPResponse.Status {
        try await client.execute(
            uri: "/v1/auth/device", method: .post,
            headers: [.contentType: "application/json", HTTPField.Name("X-Forwarded-For")!: address],
            body: ByteBuffer(string: #"{"org_id":"x"}"#)
        ).status
    }

    @Test("behind a trusted proxy each forwarded client has its own bucket; from anyone else the header is ignored")
    func forwardedClients() async throws {
        try await TestApp.with("sqlite", extra: ["rate_limit_auth_device": "2", "trusted_proxies": "127.0.0.1, ::1"]) { _, router in
            try await TestApp.application(router).test(.live) { client in
                var statuses: [HTTPResponse.Status] = []
                // The last: another client says it is 198.51.100.2, but the proxy's own entry is believed.
                for address in ["198.51.100.1", "198.51.100.1", "198.51.100.1", "198.51.100.2", "198.51.100.2, 198.51.100.1"] {
                    statuses.append(try await Self.enroll(client, from: address))
                }
                #expect(statuses == [.badRequest, .badRequest, .tooManyRequests, .badRequest, .tooManyRequests])
            }
        }
        try await TestApp.with("sqlite", extra: ["rate_limit_auth_device": "2"]) { _, router in
            try await TestApp.application(router).test(.live) { client in
                var statuses: [HTTPResponse.Status] = []
                for address in ["198.51.100.1", "198.51.100.2", "198.51.100.3"] {
                    statuses.append(try await Self.enroll(client, from: address))
                }
                #expect(statuses == [.badRequest, .badRequest, .tooManyRequests], "a made-up header is no fresh bucket")
            }
        }
    }
}
