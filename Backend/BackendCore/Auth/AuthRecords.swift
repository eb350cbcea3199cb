import Foundation
import RelayAPI

/// An enrolled device (a studio agent or a phone app).
package struct DeviceRecord: Sendable, Equatable, Codable {
    package var id: UUID
    package var orgId: UUID
    package var siteId: UUID?
    package var platform: String
    package var model: String
    package var appVersion: String
    /// Raw Ed25519 public key (32 bytes), base64url; proves possession on refresh.
    package var publicKey: String
    package var enrollmentKeyId: UUID?
    package var createdAt: Date
    package var lastSeenAt: Date?
    package var revokedAt: Date?
    /// What its last heartbeat said (`nil` before the first).
    package var health: DeviceHealth?

    package init(
        id: UUID, orgId: UUID, siteId: UUID?, platform: String, model: String, appVersion: String, publicKey: String,
        enrollmentKeyId: UUID?, createdAt: Date, lastSeenAt: Date?, revokedAt: Date?, health: DeviceHealth? = nil
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
        self.health = health
    }

    /// `ok`, or `stale` when not heard from (sign-in, token refresh, heartbeat) for `staleAfter`, or `revoked`.
    package func status(now: Date, staleAfter: TimeInterval) -> DeviceStatus {
        if revokedAt != nil { return .revoked }
        let heard = [lastSeenAt, health?.reportedAt, createdAt].compactMap { $0 }.max() ?? createdAt
        return now.timeIntervalSince(heard) > staleAfter ? .stale : .ok
    }
}

/// A rotating refresh token as stored (only its SHA-256). All tokens descending from one login share a
/// family; presenting a spent one revokes the whole family.
package struct RefreshTokenRecord: Sendable, Equatable {
    package var id: UUID
    package var familyId: UUID
    package var userId: UUID
    package var tokenHash: String
    package var createdAt: Date
    package var expiresAt: Date
    package var usedAt: Date?
    package var revokedAt: Date?

    package init(
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
package struct UserCredentials: Sendable {
    package var user: UserRecord
    package var passwordHash: String?

    package init(user: UserRecord, passwordHash: String?) {
        self.user = user
        self.passwordHash = passwordHash
    }
}
