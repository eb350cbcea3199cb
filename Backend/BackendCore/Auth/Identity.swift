import Foundation

/// Who is calling, as established from a verified access token (and a database check that the device or
/// user still exists and is not revoked).
package struct Identity: Sendable, Equatable {
    /// What kind of caller.
    package enum Role: String, Sendable, Codable, CaseIterable {
        case device
        case operator_ = "operator"
        case reviewer
        case admin
    }

    /// Device id or user id (`sub`).
    package var subject: UUID
    package var orgId: UUID
    package var role: Role
    /// Sites the caller may act on; empty means every site of the org (users without site scope).
    package var siteIds: [UUID]
    /// The token's id (`jti`), for logs.
    package var tokenId: String
    /// When the token stops being valid (its `exp`); long-lived connections end then.
    package var expiresAt: Date

    package init(subject: UUID, orgId: UUID, role: Role, siteIds: [UUID], tokenId: String, expiresAt: Date) {
        self.subject = subject
        self.orgId = orgId
        self.role = role
        self.siteIds = siteIds
        self.tokenId = tokenId
        self.expiresAt = expiresAt
    }

    package var isDevice: Bool { role == .device }

    /// The caller authenticated with an org API key (`rk_api_…`), not a token.
    package var isAPIKey: Bool { tokenId.hasPrefix("api-key:") }

    /// True for a user with one of `roles` (devices never match a user role).
    package func hasRole(_ roles: Role...) -> Bool { roles.contains(role) }

    /// Whether the caller may act on `siteId` of `orgId`.
    package func canAccess(orgId: UUID, siteId: UUID?) -> Bool {
        guard orgId == self.orgId else { return false }
        guard let siteId, !siteIds.isEmpty else { return true }
        return siteIds.contains(siteId)
    }
}
