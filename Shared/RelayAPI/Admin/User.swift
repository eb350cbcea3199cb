import Foundation

/// A user in the admin API.
public struct User: Codable, Sendable, Equatable {
    public var id: String
    public var orgId: String
    public var email: String
    public var name: String
    public var role: String
    public var siteIds: [String]
    public var createdAt: Date?

    public init(
        id: String, orgId: String, email: String, name: String, role: String, siteIds: [String], createdAt: Date? = nil
    ) {
        self.id = id
        self.orgId = orgId
        self.email = email
        self.name = name
        self.role = role
        self.siteIds = siteIds
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id
        case orgId = "org_id"
        case email
        case name
        case role
        case siteIds = "site_ids"
        case createdAt = "created_at"
    }

    // Members without a value are sent as `null`, not left out, as the API always did.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(orgId, forKey: .orgId)
        try container.encode(email, forKey: .email)
        try container.encode(name, forKey: .name)
        try container.encode(role, forKey: .role)
        try container.encode(siteIds, forKey: .siteIds)
        try container.encode(createdAt, forKey: .createdAt)
    }
}
