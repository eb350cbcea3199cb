import BackendCore
import Foundation
import Hummingbird

/// `GET /v1/dashboard/system-info`.
struct SystemInfoResponse: ResponseEncodable, Sendable {
    let success = true
    let system: SystemSnapshot
    let version: String
    let timestamp: Date
}
