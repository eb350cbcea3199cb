import Foundation

/// An org API key (seed 002 is a scripting API): a named secret an admin creates for scripts, acting with
/// the `operator` or `reviewer` role, stored only as a SHA-256 hash.
package struct APIKeyRecord: Sendable, Equatable {
    package var id: UUID
    package var orgId: UUID
    package var name: String
    package var role: Identity.Role
    /// The key's first characters after `rk_api_`, shown in lists so a key can be recognised.
    package var prefix: String
    package var secretHash: String
    package var createdBy: UUID
    package var createdAt: Date
    package var expiresAt: Date?
    package var revokedAt: Date?
    package var lastUsedAt: Date?

    package init(
        id: UUID, orgId: UUID, name: String, role: Identity.Role, prefix: String, secretHash: String, createdBy: UUID, createdAt: Date,
        expiresAt: Date?, revokedAt: Date?, lastUsedAt: Date?
    ) {
        self.id = id
        self.orgId = orgId
        self.name = name
        self.role = role
        self.prefix = prefix
        self.secretHash = secretHash
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.lastUsedAt = lastUsedAt
    }

    /// `rk_api_` + the id (32 hex digits) + `_` + 43 characters of base64url secret (256 bits).
    package static let marker = "rk_api_"

    /// The `tokenId` of identities that come from API keys.
    package static func tokenId(_ id: UUID) -> String { "api-key:" + id.uuidString.lowercased() }
}
