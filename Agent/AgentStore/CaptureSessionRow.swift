import Foundation
import GRDB

/// A capture folder and the backend session made for it (a row of `sessions`). The idempotency key is
/// stored before the create request is sent, so a crash mid-request re-sends the same key and the
/// backend answers with the session it already made.
public struct CaptureSessionRow: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "sessions"

    public var key: String
    public var idempotencyKey: String
    public var serverId: String?
    public var createdAt: Double

    enum CodingKeys: String, CodingKey {
        case key
        case idempotencyKey = "idempotency_key"
        case serverId = "server_id"
        case createdAt = "created_at"
    }
}
