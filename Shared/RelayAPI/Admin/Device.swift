import Foundation

/// A device in the admin API.
package struct Device: Codable, Sendable, Equatable {
    package var id: String
    package var orgId: String
    package var siteId: String?
    package var platform: String
    package var model: String
    package var appVersion: String
    package var createdAt: Date?
    package var lastSeenAt: Date?
    package var revokedAt: Date?
    /// `nil` only when decoded from a server that predates it.
    package var status: DeviceStatus?
    /// The last heartbeat's figures; `nil` before the first.
    package var health: DeviceHealth?

    package init(
        id: String, orgId: String, siteId: String? = nil, platform: String, model: String, appVersion: String,
        createdAt: Date? = nil, lastSeenAt: Date? = nil, revokedAt: Date? = nil, status: DeviceStatus? = nil, health: DeviceHealth? = nil
    ) {
        self.id = id
        self.orgId = orgId
        self.siteId = siteId
        self.platform = platform
        self.model = model
        self.appVersion = appVersion
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.revokedAt = revokedAt
        self.status = status
        self.health = health
    }

    enum CodingKeys: String, CodingKey {
        case id
        case orgId = "org_id"
        case siteId = "site_id"
        case platform
        case model
        case appVersion = "app_version"
        case createdAt = "created_at"
        case lastSeenAt = "last_seen_at"
        case revokedAt = "revoked_at"
        case status
        case health
    }

    // Members without a value are sent as `null`, not left out, as the API always did.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(orgId, forKey: .orgId)
        try container.encode(siteId, forKey: .siteId)
        try container.encode(platform, forKey: .platform)
        try container.encode(model, forKey: .model)
        try container.encode(appVersion, forKey: .appVersion)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(lastSeenAt, forKey: .lastSeenAt)
        try container.encode(revokedAt, forKey: .revokedAt)
        try container.encodeIfPresent(status, forKey: .status)
        try container.encode(health, forKey: .health)
    }
}
