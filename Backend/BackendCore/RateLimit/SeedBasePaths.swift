/// The bases routes are mounted under. Relay's own base is `/v1` (seed 000's multi-camera API: `/v2`).
/// Seeds whose clients name another base get the same handlers there too, so each seed's client works
/// unmodified:
///
/// | base | seed | route families mounted there |
/// | --- | --- | --- |
/// | `/api/v1` | 002 (audio sync analyzer), 004 (video jobs) | `health`, `ready`, `auth/…` (login, refresh, logout, register, me), seed 002's `files/…`, `analysis/…`, `reports/…`, `job-registry`, `batch-queue`, `dashboard/…`, `waveforms/…` |
/// | root (`/`) | 003 (video upload and streaming) | `upload`, `video/…`, `stream/…` |
///
/// Policy keyed by path — rate limits, the body limit — judges a request at an alias base as its `/v1`
/// path (`canonicalPath(_:)`), so a second base is never a way around a limit.
package enum SeedBasePaths {
    /// Relay's own base for everything the seeds call.
    package static let canonical = "/v1"
    /// Seeds 002's and 004's base (`http://host/api/v1`).
    package static let apiV1 = "/api/v1"

    /// First path segments mounted under `apiV1` (the rest of those seeds' APIs is not built).
    static let apiV1Families: Set<Substring> = ["health", "ready", "auth", "files", "analysis", "reports", "job-registry", "batch-queue", "dashboard", "waveforms"]
    /// First path segments of seed 003's root paths.
    static let rootFamilies: Set<Substring> = ["upload", "video", "stream"]

    /// The `/v1` path a request path stands for: `/api/v1/auth/login` → `/v1/auth/login`,
    /// `/stream/ready` → `/v1/stream/ready`. Paths outside the mounted families come back unchanged.
    package static func canonicalPath(_ path: String) -> String {
        if path.hasPrefix(apiV1 + "/") {
            let rest = path.dropFirst(apiV1.count)
            return apiV1Families.contains(firstSegment(rest)) ? canonical + rest : path
        }
        return rootFamilies.contains(firstSegment(Substring(path))) ? canonical + path : path
    }

    /// `health` of `/health/x`; empty for `/` or a path that does not start with `/`.
    static func firstSegment(_ path: Substring) -> Substring {
        guard path.first == "/" else { return "" }
        let rest = path.dropFirst()
        return rest.prefix { $0 != "/" }
    }
}
