/// The rules in force, and which applies to a request. Seed 001's table — `rate_limit_auth_device` (100
/// per IP), `rate_limit_presign` (500 per device), `rate_limit_events` (1000 per actor),
/// `rate_limit_default` (300 per caller) — plus `rate_limit_auth_user` (60 per IP) for the password and
/// refresh-token routes, which no token can key, and `rate_limit_account` (10 per target account: login
/// email, refresh-token family), applied by `LoginThrottle`. Per minute; `0` turns a rule off.
///
/// Token-scoped rules are keyed by the *verified* caller (device or user id), never by the header as
/// sent: a request whose token does not verify counts against its IP address instead. A path at a seed's
/// own base (`/api/v1/auth/login`, `/upload`) gets the rule of its `/v1` path (`SeedBasePaths`).
package struct RateLimitPolicy: Sendable, Equatable {
    package var authDevice: RateLimitRule
    package var authUser: RateLimitRule
    package var account: RateLimitRule
    package var presign: RateLimitRule
    package var events: RateLimitRule
    package var fallback: RateLimitRule

    /// Routes of people who have no token yet (or whose token is the thing being spent).
    static let userAuthPaths: Set<String> = [
        "/v1/auth/login", "/v1/auth/refresh", "/v1/auth/register", "/v1/auth/logout", "/v1/web/session", "/v1/web/session/refresh",
    ]

    package init(authDevice: Int = 100, authUser: Int = 60, account: Int = 10, presign: Int = 500, events: Int = 1000, fallback: Int = 300) {
        self.authDevice = RateLimitRule(name: "auth_device", requestsPerMinute: authDevice, scope: .ip)
        self.authUser = RateLimitRule(name: "auth_user", requestsPerMinute: authUser, scope: .ip)
        self.account = RateLimitRule(name: "account", requestsPerMinute: account, scope: .ip)
        self.presign = RateLimitRule(name: "presign", requestsPerMinute: presign, scope: .token)
        self.events = RateLimitRule(name: "events", requestsPerMinute: events, scope: .token)
        self.fallback = RateLimitRule(name: "default", requestsPerMinute: fallback, scope: .token)
    }

    package init(_ source: ConfigurationSource) throws {
        self.init(
            authDevice: try source.int("rate_limit_auth_device", default: 100, in: 0...1_000_000),
            authUser: try source.int("rate_limit_auth_user", default: 60, in: 0...1_000_000),
            account: try source.int("rate_limit_account", default: 10, in: 0...1_000_000),
            presign: try source.int("rate_limit_presign", default: 500, in: 0...1_000_000),
            events: try source.int("rate_limit_events", default: 1000, in: 0...1_000_000),
            fallback: try source.int("rate_limit_default", default: 300, in: 0...1_000_000))
    }

    /// The rule for a request, or nil for paths that are never limited (health, metrics, signed blob URLs,
    /// and the reviewer app's own files, served from memory: a studio's reviewers behind one address reload
    /// the page's two dozen files often, and must not spend the address's budget on them).
    package func rule(method: String, path: String) -> RateLimitRule? {
        let path = SeedBasePaths.canonicalPath(path)
        if path == "/v1/health" || path == "/v1/ready" || path == "/metrics" || path.hasPrefix("/v1/blobs/") { return nil }
        if method == "GET" || method == "HEAD", path == "/" || path.hasPrefix("/app/") { return nil }
        let rule: RateLimitRule
        switch (method, path) {
        case ("POST", "/v1/auth/device"): rule = authDevice
        case ("POST", let path) where Self.userAuthPaths.contains(path): rule = authUser
        case ("POST", "/v1/presign"): rule = presign
        case ("POST", "/v1/events"): rule = events
        default: rule = fallback
        }
        return rule.requestsPerMinute > 0 ? rule : nil
    }
}
