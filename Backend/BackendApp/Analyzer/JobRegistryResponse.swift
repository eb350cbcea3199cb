import Foundation
import Hummingbird

/// `GET /v1/job-registry`: the org's analyses of the last `since_hours` (default 24), newest first.
struct JobRegistryResponse: ResponseEncodable, Sendable {
    let success = true
    let jobs: [JobRegistryEntry]
    let total: Int
    let sinceHours: Double
    let timestamp: Date

    enum CodingKeys: String, CodingKey {
        case success, jobs, total, sinceHours = "since_hours", timestamp
    }
}
