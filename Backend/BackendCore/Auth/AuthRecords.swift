import Foundation

/// An enrolled device (a studio agent or a phone app).
public struct DeviceRecord: Sendable, Equatable, Codable {
    public var id: UUID
    public var orgId: UUID
    public var siteId: UUID?
    public var platform: String
    public var model: String
    public var appVersion: String
    /// Raw Ed25519 public key (32 bytes), base64url; proves possession on refresh.
    public var publicKey: String
    public var enrollmentKeyId: UUID?
    public var createdAt: Date
    public var lastSeenAt: Date?
    public var revokedAt: Date?

    public init(
        id: UUID, orgId: UUID, siteId: UUID?, platform: String, model: String, appVersion: String, publicKey: String,
        enrollmentKeyId: UUID?, createdAt: Date, lastSeenAt: Date?, revokedAt: Date?
    ) {
        self.id = id
        self.orgId = orgId
        self.siteId = siteId
        self.platform = platform
        self.model = model
        self.appVersion = appVersion
        self.publicKey = publicKey
        self.enrollmentKeyId = enrollmentKeyId
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.revokedAt = revokedAt
    }
}

/// A rotating refresh token as stored (only its SHA-256). All tokens descending from one login share a
/// family; presenting a spent one revokes the whole family.
public struct RefreshTokenRecord: Sendable, Equatable {
    public var id: UUID
    public var familyId: UUID
    public var userId: UUID
    public var tokenHash: String
    public var createdAt: Date
    public var expiresAt: Date
    public var usedAt: Date?
    public var revokedAt: Date?

    public init(
        id: UUID, familyId: UUID, userId: UUID, tokenHash: String, createdAt: Date, expiresAt: Date, usedAt: Date?,
        revokedAt: Date?
    ) {
        self.id = id
        self.familyId = familyId
        self.userId = userId
        self.tokenHash = tokenHash
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.usedAt = usedAt
        self.revokedAt = revokedAt
    }
}

/// A user with the stored password hash, for login.
public struct UserCredentials: Sendable {
    public var user: UserRecord
    public var passwordHash: String?

    public init(user: UserRecord, passwordHash: String?) {
        self.user = user
        self.passwordHash = passwordHash
    }
}
