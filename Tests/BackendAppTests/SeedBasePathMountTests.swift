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
    /// Seeds 002/004 at `/api/v1` (seed 002's files and analyses too), seed 003 at the root.
    static let expected: Set<String> = [
        "GET /api/v1/health", "GET /api/v1/ready",
        "POST /api/v1/auth/login", "POST /api/v1/auth/refresh", "POST /api/v1/auth/logout", "POST /api/v1/auth/register",
        "GET /api/v1/auth/me",
        "GET /api/v1/files", "POST /api/v1/files/upload", "POST /api/v1/files/validate", "POST /api/v1/analysis/sync", "POST /api/v1/analysis/componentized/async",
        "GET /api/v1/analysis", "GET /api/v1/analysis/{analysisId}", "GET /api/v1/analysis/{analysisId}/status",
        "DELETE /api/v1/analysis/{analysisId}", "POST /api/v1/analysis/batch/upload-csv", "POST /api/v1/analysis/batch/{batchId}/start",
        "GET /api/v1/analysis/batch/{batchId}/status", "GET /api/v1/analysis/batch/{batchId}/results", "DELETE /api/v1/analysis/batch/{batchId}",
        "GET /api/v1/reports/{report}", "GET /api/v1/job-registry", "GET /api/v1/batch-queue", "POST /api/v1/batch-queue",
        "GET /api/v1/waveforms/analysis/{analysisId}", "POST /api/v1/waveforms/generate", "POST /api/v1/waveforms/generate-async",
        "GET /api/v1/waveforms/list", "DELETE /api/v1/waveforms/clear",
        "GET /api/v1/dashboard/system-info", "GET /api/v1/dashboard/celery-info", "GET /api/v1/dashboard/gpu-info",
        "POST /upload", "GET /video/{videoId}/status/stream", "GET /stream/ready", "GET /stream/{videoId}/manifest",
        "GET /stream/{videoId}/{playlist}", "GET /stream/{videoId}/segment/{segmentId}", "POST /stream/{videoId}/playback",
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

    /// Logout with an unknown refresh token answers 204 at once (no password hashing), under the same
    /// per-IP rule as login: the requests take milliseconds, so no token refills between them.
    @Test("the account routes at /api/v1 spend the same per-IP bucket as at /v1")
    func sharedAccountBucket() async throws {
        try await TestApp.with("sqlite", extra: ["rate_limit_auth_user": "3", "rate_limit_account": "0"]) { _, router in
            try await TestApp.application(router).test(.router) { client in
                let body = ["refresh_token": "rt_unknown"]
                var statuses: [HTTPResponse.Status] = []
                for path in ["/v1/auth/logout", "/api/v1/auth/logout", "/v1/auth/logout", "/api/v1/auth/logout", "/v1/auth/logout"] {
                    let response = try await postJSON(client, path, body)
                    #expect(response.headers[HTTPField.Name("X-RateLimit-Limit")!] == "3", "\(path)")
                    statuses.append(response.status)
                }
                #expect(statuses == [.noContent, .noContent, .noContent, .tooManyRequests, .tooManyRequests], "\(statuses)")
            }
        }
    }
}
