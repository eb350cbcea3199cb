import Foundation

/// An organisation: the unit of isolation. Nothing of one org is visible to another.
package struct OrgRecord: Sendable, Equatable, Codable {
    package var id: UUID
    package var name: String
    package var createdAt: Date

    package init(id: UUID, name: String, createdAt: Date) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
    }
}

/// A studio location of an org.
package struct SiteRecord: Sendable, Equatable, Codable {
    package var id: UUID
    package var orgId: UUID
    package var name: String
    package var createdAt: Date

    package init(id: UUID, orgId: UUID, name: String, createdAt: Date) {
        self.id = id
        self.orgId = orgId
        self.name = name
        self.createdAt = createdAt
    }
}

/// What a user may do.
package enum UserRole: String, Sendable, Codable, CaseIterable {
    case operator_ = "operator"
    case reviewer
    case admin
}

/// A person who logs in. `siteIds` empty means every site of the org.
package struct UserRecord: Sendable, Equatable, Codable {
    package var id: UUID
    package var orgId: UUID
    package var email: String
    package var name: String
    package var role: UserRole
    package var siteIds: [UUID]
    package var createdAt: Date

    package init(id: UUID, orgId: UUID, email: String, name: String, role: UserRole, siteIds: [UUID], createdAt: Date) {
        self.id = id
        self.orgId = orgId
        self.email = email
        self.name = name
        self.role = role
        self.siteIds = siteIds
        self.createdAt = createdAt
    }
}

/// An admin-issued key that lets a device enroll into an org (and optionally one site).
/// Only the SHA-256 of the secret is stored.
package struct EnrollmentKeyRecord: Sendable, Equatable, Codable {
    package var id: UUID
    package var orgId: UUID
    package var siteId: UUID?
    package var usesAllowed: Int
    package var usesLeft: Int
    package var expiresAt: Date?
    package var revokedAt: Date?
    package var createdAt: Date

    package init(
        id: UUID, orgId: UUID, siteId: UUID?, usesAllowed: Int, usesLeft: Int, expiresAt: Date?, revokedAt: Date?,
        createdAt: Date
    ) {
        self.id = id
        self.orgId = orgId
        self.siteId = siteId
        self.usesAllowed = usesAllowed
        self.usesLeft = usesLeft
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.createdAt = createdAt
    }
}
