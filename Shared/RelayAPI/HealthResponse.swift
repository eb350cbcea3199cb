/// Body of `GET /v1/health` (liveness) and `GET /v1/ready` (readiness).
package struct HealthResponse: Codable, Sendable, Equatable {
    /// `ok` when everything checked is healthy, otherwise `unavailable`.
    package var status: String
    /// Per-dependency results (`database`, `blob_store`), empty for liveness.
    package var checks: [String: HealthCheck]
    /// The server's version string.
    package var version: String

    package init(status: String, checks: [String: HealthCheck], version: String) {
        self.status = status
        self.checks = checks
        self.version = version
    }
}

/// The result of checking one dependency: its state only. Readiness is anonymous, so which driver or
/// store answered, how fast, and why it failed stay in the server log.
package struct HealthCheck: Codable, Sendable, Equatable {
    /// `ok` or `unavailable`.
    package var status: String

    package init(status: String) {
        self.status = status
    }
}
