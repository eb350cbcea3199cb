/// One row of seed 001's rate-limit table: how many requests per minute, counted per what.
public struct RateLimitRule: Sendable, Equatable {
    /// What a bucket is keyed by.
    public enum Scope: String, Sendable {
        /// The client's IP address.
        case ip
        /// The bearer token (so per device for device tokens, per session for users); IP when there is none.
        case token
    }

    /// Stable name, part of the bucket key and of metrics (`auth_device`, `presign`, `events`, `default`).
    public var name: String
    public var requestsPerMinute: Int
    public var scope: Scope

    public init(name: String, requestsPerMinute: Int, scope: Scope) {
        self.name = name
        self.requestsPerMinute = requestsPerMinute
        self.scope = scope
    }
}

/// The rules in force, and which applies to a request. Keys `rate_limit_auth_device` (100),
/// `rate_limit_presign` (500), `rate_limit_events` (1000), `rate_limit_default` (300), per minute; `0`
/// turns a rule off.
public struct RateLimitPolicy: Sendable, Equatable {
    public var authDevice: RateLimitRule
    public var presign: RateLimitRule
    public var events: RateLimitRule
    public var fallback: RateLimitRule

    public init(authDevice: Int = 100, presign: Int = 500, events: Int = 1000, fallback: Int = 300) {
        self.authDevice = RateLimitRule(name: "auth_device", requestsPerMinute: authDevice, scope: .ip)
        self.presign = RateLimitRule(name: "presign", requestsPerMinute: presign, scope: .token)
        self.events = RateLimitRule(name: "events", requestsPerMinute: events, scope: .token)
        self.fallback = RateLimitRule(name: "default", requestsPerMinute: fallback, scope: .token)
    }

    public init(_ source: ConfigurationSource) throws {
        self.init(
            authDevice: try source.int("rate_limit_auth_device", default: 100, in: 0...1_000_000),
            presign: try source.int("rate_limit_presign", default: 500, in: 0...1_000_000),
            events: try source.int("rate_limit_events", default: 1000, in: 0...1_000_000),
            fallback: try source.int("rate_limit_default", default: 300, in: 0...1_000_000))
    }

    /// The rule for a request, or nil for paths that are never limited (health, metrics, signed blob URLs).
    public func rule(method: String, path: String) -> RateLimitRule? {
        if path == "/v1/health" || path == "/v1/ready" || path == "/metrics" || path.hasPrefix("/v1/blobs/") { return nil }
        let rule: RateLimitRule
        switch (method, path) {
        case ("POST", "/v1/auth/device"): rule = authDevice
        case ("POST", "/v1/presign"): rule = presign
        case ("POST", "/v1/events"): rule = events
        default: rule = fallback
        }
        return rule.requestsPerMinute > 0 ? rule : nil
    }
}
