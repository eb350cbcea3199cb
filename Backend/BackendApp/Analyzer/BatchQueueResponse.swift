import Foundation
import RelayAPI

/// `GET`/`POST /v1/batch-queue`: the org's shared queue with its version (also the `ETag`).
struct BatchQueueResponse: Encodable, Sendable {
    let success = true
    let items: [JSONValue]
    let version: Int
    let clientId: String?
    let updatedAt: Date?

    enum CodingKeys: String, CodingKey {
        case success, items, version, clientId = "client_id", updatedAt = "updated_at"
    }
}
