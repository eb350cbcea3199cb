import Foundation

/// An enrollment key in the admin API.
package struct EnrollmentKey: Codable, Sendable, Equatable {
    package var id: String
    package var orgId: String
    package var siteId: String?
    package var usesAllowed: Int
    package var usesLeft: Int
    package var expiresAt: Date?
    package var revokedAt: Date?
    package var createdAt: Date?
    /// The secret, returned once at creation (left out afterwards); only its hash is stored.
    package var key: String?

    package init(
        id: String, orgId: String, siteId: String? = nil, usesAllowed: Int, usesLeft: Int, expiresAt: Date? = nil,
        revokedAt: Date? = nil, createdAt: Date? = nil, key: String? = nil
    ) {
        self.id = id
        self.orgId = orgId
        self.siteId = siteId
        self.usesAllowed = usesAllowed
        self.usesLeft = usesLeft
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.createdAt = createdAt
        self.key = key
    }

    enum CodingKeys: String, CodingKey {
        case id
        case orgId = "org_id"
        case siteId = "site_id"
        case usesAllowed = "uses_allowed"
        case usesLeft = "uses_left"
        case expiresAt = "expires_at"
        case revokedAt = "revoked_at"
        case createdAt = "created_at"
        case key
    }

    // Members without a value are sent as `null`, not left out, as the API always did.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(orgId, forKey: .orgId)
        try container.encode(siteId, forKey: .siteId)
        try container.encode(usesAllowed, forKey: .usesAllowed)
        try container.encode(usesLeft, forKey: .usesLeft)
        try container.encode(expiresAt, forKey: .expiresAt)
        try container.encode(revokedAt, forKey: .revokedAt)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encodeIfPresent(key, forKey: .key)
    }
}
