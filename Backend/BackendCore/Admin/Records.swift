import Foundation

/// An organisation: the unit of isolation. Nothing of one org is visible to another.
public struct OrgRecord: Sendable, Equatable, Codable {
    public var id: UUID
    public var name: String
    public var createdAt: Date

    public init(id: UUID, name: String, createdAt: Date) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
    }
}

/// A studio location of an org.
public struct SiteRecord: Sendable, Equatable, Codable {
    public var id: UUID
    public var orgId: UUID
    public var name: String
    public var createdAt: Date

    public init(id: UUID, orgId: UUID, name: String, createdAt: Date) {
        self.id = id
        self.orgId = orgId
        self.name = name
        self.createdAt = createdAt
    }
}

/// What a user may do.
public enum UserRole: String, Sendable, Codable, CaseIterable {
    case operator_ = "operator"
    case reviewer
    case admin
}

/// A person who logs in. `siteIds` empty means every site of the org.
public struct UserRecord: Sendable, Equatable, Codable {
    public var id: UUID
    public var orgId: UUID
    public var email: String
    public var name: String
    public var role: UserRole
    public var siteIds: [UUID]
    public var createdAt: Date

    public init(id: UUID, orgId: UUID, email: String, name: String, role: UserRole, siteIds: [UUID], createdAt: Date) {
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
public struct EnrollmentKeyRecord: Sendable, Equatable, Codable {
    public var id: UUID
    public var orgId: UUID
    public var siteId: UUID?
    public var usesAllowed: Int
    public var usesLeft: Int
    public var expiresAt: Date?
    public var revokedAt: Date?
    public var createdAt: Date

    public init(
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
