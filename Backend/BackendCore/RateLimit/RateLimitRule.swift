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

