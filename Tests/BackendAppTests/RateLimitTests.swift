import BackendApp
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

    @Test("per-token buckets: headers count down, 429 with Retry-After, other tokens unaffected, refill")
    func perToken() async throws {
        try await TestApp.with("sqlite", extra: ["rate_limit_default": "60", "rate_limit_auth_device": "3"]) { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                let token = fixture.reviewerToken
                // AuthFixture's logins spent other buckets (per-IP/other tokens); this token's bucket is full.
                var last = 61
                for n in 1...60 {
                    let response = try await request(client, .get, "/v1/auth/me", token: token)
                    #expect(response.status == .ok, "request \(n)")
                    #expect(response.headers[Self.limit] == "60")
                    let left = Int(response.headers[Self.remaining] ?? "") ?? -1
                    #expect(left < last)
                    last = left
                    let resetAt = Int(response.headers[Self.reset] ?? "") ?? 0
                    #expect(resetAt >= Int(Date().timeIntervalSince1970))
                }
                let limited = try await request(client, .get, "/v1/auth/me", token: token)
                #expect(limited.status == .tooManyRequests)
                #expect(errorCode(limited) == APIErrorCode.rateLimited)
                let retryAfter = try #require(Int(limited.headers[.retryAfter] ?? ""))
                #expect((1...2).contains(retryAfter))
                #expect(limited.headers[Self.remaining] == "0")
                // Another token has its own bucket.
                #expect(try await request(client, .get, "/v1/auth/me", token: fixture.adminToken).status == .ok)
                // One token per second comes back.
                try await Task.sleep(for: .milliseconds(1100))
                #expect(try await request(client, .get, "/v1/auth/me", token: token).status == .ok)
                // Health is never limited and carries no limit headers.
                let health = try await request(client, .get, "/v1/health", token: nil)
                #expect(health.headers[Self.limit] == nil)
            }
        }
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
}
