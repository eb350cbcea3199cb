import BackendCore
import Testing

/// A path at a seed's own base stands for its `/v1` path, so rate limits cannot be dodged by base; other
/// paths stay as they are.
@Suite("Seed base paths")
struct SeedBasePathsTests {
    @Test(
        "canonical paths",
        arguments: [
            ("/api/v1/health", "/v1/health"),
            ("/api/v1/ready", "/v1/ready"),
            ("/api/v1/auth/login", "/v1/auth/login"),
            ("/api/v1/auth/me", "/v1/auth/me"),
            ("/upload", "/v1/upload"),
            ("/video/abc/status/stream", "/v1/video/abc/status/stream"),
            ("/stream/ready", "/v1/stream/ready"),
            ("/api/v1/files/upload", "/v1/files/upload"),
            ("/api/v1/analysis/sync", "/v1/analysis/sync"),
            ("/stream/abc/segment/src_00000.ts", "/v1/stream/abc/segment/src_00000.ts"),
            // Not mounted at a seed base: unchanged.
            ("/v1/auth/login", "/v1/auth/login"),
            ("/api/v1/blobs/x", "/api/v1/blobs/x"),
            ("/api/v1/presign", "/api/v1/presign"),
            ("/api/v1", "/api/v1"),
            ("/api/v2/health", "/api/v2/health"),
            ("/uploads", "/uploads"),
            ("/streams/ready", "/streams/ready"),
            ("/metrics", "/metrics"),
            ("/", "/"),
            ("", ""),
        ])
    func canonical(path: String, expected: String) {
        #expect(SeedBasePaths.canonicalPath(path) == expected)
    }

    @Test("a seed base gets the rule of its /v1 path")
    func rules() {
        let policy = RateLimitPolicy()
        #expect(policy.rule(method: "GET", path: "/api/v1/health") == nil)
        #expect(policy.rule(method: "POST", path: "/api/v1/auth/login") == policy.authUser)
        #expect(policy.rule(method: "POST", path: "/api/v1/auth/register") == policy.authUser)
        #expect(policy.rule(method: "POST", path: "/upload") == policy.fallback)
        #expect(policy.rule(method: "GET", path: "/stream/ready") == policy.fallback)
    }

    @Test("the reviewer app: its sign-in spends the login budget of an address, its files none")
    func webAppRules() {
        let policy = RateLimitPolicy()
        #expect(policy.rule(method: "POST", path: "/v1/web/session") == policy.authUser)
        #expect(policy.rule(method: "POST", path: "/v1/web/session/refresh") == policy.authUser)
        #expect(policy.rule(method: "GET", path: "/") == nil)
        #expect(policy.rule(method: "GET", path: "/app/js/main.js") == nil)
        #expect(policy.rule(method: "POST", path: "/app/js/main.js") == policy.fallback)
        #expect(policy.rule(method: "GET", path: "/v1/play/t/manifest.m3u8") == policy.fallback)
    }
}
