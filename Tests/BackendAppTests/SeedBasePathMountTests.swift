import BackendApp
import BackendCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport

/// What is mounted at the seeds' own bases (`SeedBasePaths`): exactly the `/v1` routes those seeds'
/// clients call, each the same method on a `/v1` route; and a request there counts in its `/v1` route's
/// rate-limit bucket, so a second base is not a second allowance.
@Suite("Seed base path mounts")
struct SeedBasePathMountTests {
    /// Seeds 002/004 at `/api/v1`, seed 003 at the root.
    static let expected: Set<String> = [
        "GET /api/v1/health", "GET /api/v1/ready",
        "POST /api/v1/auth/login", "POST /api/v1/auth/refresh", "POST /api/v1/auth/logout", "POST /api/v1/auth/register",
        "GET /api/v1/auth/me",
        "POST /upload", "GET /video/{videoId}/status/stream", "GET /stream/ready", "GET /stream/{videoId}/manifest",
        "GET /stream/{videoId}/{playlist}", "GET /stream/{videoId}/segment/{segmentId}",
    ]

    @Test("the seed bases carry exactly the expected routes, each a /v1 route of the same method")
    func mounts() async throws {
        try await TestApp.with("sqlite") { _, router in
            let routes = Set(router.routes.map { "\($0.method.rawValue) \($0.path.description)" })
            let atSeedBases = routes.filter { route in
                let path = route.split(separator: " ")[1]
                return path.hasPrefix("/api/") || !path.hasPrefix("/v1/") && !path.hasPrefix("/v2/") && SeedBasePaths.canonicalPath(String(path)) != path
            }
            #expect(atSeedBases == Self.expected, "\(atSeedBases.symmetricDifference(Self.expected).sorted())")
            for route in atSeedBases {
                let parts = route.split(separator: " ")
                let canonical = "\(parts[0]) \(SeedBasePaths.canonicalPath(String(parts[1])))"
                #expect(routes.contains(canonical), "\(route) has no /v1 route \(canonical)")
            }
        }
    }

    @Test("login at /api/v1 spends the same per-IP bucket as /v1/auth/login")
    func sharedLoginBucket() async throws {
        try await TestApp.with("sqlite", extra: ["rate_limit_auth_user": "3", "rate_limit_account": "0"]) { _, router in
            try await TestApp.application(router).test(.router) { client in
                let guess = ["email": "nobody@example.com", "password": "not the password"]
                var statuses: [HTTPResponse.Status] = []
                for path in ["/v1/auth/login", "/api/v1/auth/login", "/v1/auth/login", "/api/v1/auth/login", "/v1/auth/login"] {
                    let response = try await postJSON(client, path, guess)
                    #expect(response.headers[HTTPField.Name("X-RateLimit-Limit")!] == "3", "\(path)")
                    statuses.append(response.status)
                }
                #expect(statuses == [.unauthorized, .unauthorized, .unauthorized, .tooManyRequests, .tooManyRequests], "\(statuses)")
            }
        }
    }
}
