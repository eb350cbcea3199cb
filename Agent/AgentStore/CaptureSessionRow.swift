import Foundation
import GRDB

/// A capture folder and the backend session made for it (a row of `sessions`). The idempotency key is
/// stored before the create request is sent, so a crash mid-request re-sends the same key and the
/// backend answers with the session it already made.
package struct CaptureSessionRow: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    package static let databaseTableName = "sessions"

    package var key: String
    package var idempotencyKey: String
    package var serverId: String?
    package var createdAt: Double

    enum CodingKeys: String, CodingKey {
        case key
        case idempotencyKey = "idempotency_key"
        case serverId = "server_id"
        case createdAt = "created_at"
    }
}
