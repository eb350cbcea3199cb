/// Body of `GET /v1/health` (liveness) and `GET /v1/ready` (readiness).
public struct HealthResponse: Codable, Sendable, Equatable {
    /// `ok` when everything checked is healthy, otherwise `unavailable`.
    public var status: String
    /// Per-dependency results (`database`, `blob_store`), empty for liveness.
    public var checks: [String: HealthCheck]
    /// The server's version string.
    public var version: String

    public init(status: String, checks: [String: HealthCheck], version: String) {
        self.status = status
        self.checks = checks
        self.version = version
    }
}

/// The result of checking one dependency.
public struct HealthCheck: Codable, Sendable, Equatable {
    /// `ok` or `unavailable`.
    public var status: String
    /// Which implementation was checked (`sqlite`, `postgres`, `local`, `s3`).
    public var kind: String
    /// How long the check took, in milliseconds.
    public var latencyMs: Double
    /// Why it failed, when it did.
    public var error: String?

    public init(status: String, kind: String, latencyMs: Double, error: String? = nil) {
        self.status = status
        self.kind = kind
        self.latencyMs = latencyMs
        self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case status, kind, error
        case latencyMs = "latency_ms"
    }
}
