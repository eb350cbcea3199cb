/// One row of seed 001's rate-limit table: how many requests per minute, counted per what.
package struct RateLimitRule: Sendable, Equatable {
    /// What a bucket is keyed by.
    package enum Scope: String, Sendable {
        /// The client's IP address.
        case ip
        /// The bearer token (so per device for device tokens, per session for users); IP when there is none.
        case token
    }

    /// Stable name, part of the bucket key and of metrics (`auth_device`, `presign`, `events`, `default`).
    package var name: String
    package var requestsPerMinute: Int
    package var scope: Scope

    package init(name: String, requestsPerMinute: Int, scope: Scope) {
        self.name = name
        self.requestsPerMinute = requestsPerMinute
        self.scope = scope
    }
}

