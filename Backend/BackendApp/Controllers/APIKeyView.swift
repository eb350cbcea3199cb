import BackendCore
import Foundation
import Hummingbird

/// An org API key as the admin routes show it; `key` (the secret) only in the create answer.
struct APIKeyView: ResponseEncodable, Codable, Equatable, Sendable {
    let id: String
    let name: String
    let role: String
    let prefix: String
    let key: String?
    let createdAt: Date
    let expiresAt: Date?
    let revokedAt: Date?
    let lastUsedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, name, role, prefix, key, createdAt = "created_at", expiresAt = "expires_at", revokedAt = "revoked_at"
        case lastUsedAt = "last_used_at"
    }

    init(_ record: APIKeyRecord, key: String? = nil) {
        id = record.id.uuidString.lowercased()
        name = record.name
        role = record.role.rawValue
        prefix = record.prefix
        self.key = key
        createdAt = record.createdAt
        expiresAt = record.expiresAt
        revokedAt = record.revokedAt
        lastUsedAt = record.lastUsedAt
    }
}
