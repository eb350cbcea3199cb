import Foundation

/// A user in the admin API.
package struct User: Codable, Sendable, Equatable {
    package var id: String
    package var orgId: String
    package var email: String
    package var name: String
    package var role: String
    package var siteIds: [String]
    package var createdAt: Date?

    package init(
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
    package func encode(to encoder: any Encoder) throws {
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
