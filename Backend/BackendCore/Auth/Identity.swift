import Foundation

/// Who is calling, as established from a verified access token (and a database check that the device or
/// user still exists and is not revoked).
public struct Identity: Sendable, Equatable {
    /// What kind of caller.
    public enum Role: String, Sendable, Codable, CaseIterable {
        case device
        case operator_ = "operator"
        case reviewer
        case admin
    }

    /// Device id or user id (`sub`).
    public var subject: UUID
    public var orgId: UUID
    public var role: Role
    /// Sites the caller may act on; empty means every site of the org (users without site scope).
    public var siteIds: [UUID]
    /// The token's id (`jti`), for logs.
    public var tokenId: String
    /// When the token stops being valid (its `exp`); long-lived connections end then.
    public var expiresAt: Date

    public init(subject: UUID, orgId: UUID, role: Role, siteIds: [UUID], tokenId: String, expiresAt: Date) {
        self.subject = subject
        self.orgId = orgId
        self.role = role
        self.siteIds = siteIds
        self.tokenId = tokenId
        self.expiresAt = expiresAt
    }

    public var isDevice: Bool { role == .device }

    /// True for a user with one of `roles` (devices never match a user role).
    public func hasRole(_ roles: Role...) -> Bool { roles.contains(role) }

    /// Whether the caller may act on `siteId` of `orgId`.
    public func canAccess(orgId: UUID, siteId: UUID?) -> Bool {
        guard orgId == self.orgId else { return false }
        guard let siteId, !siteIds.isEmpty else { return true }
        return siteIds.contains(siteId)
    }
}
