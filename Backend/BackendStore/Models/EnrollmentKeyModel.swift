import FluentKit
import Foundation

/// Row of `enrollment_keys`.
// `@unchecked Sendable`: Fluent's rule for models; instances are never shared between tasks here.
final class EnrollmentKeyModel: Model, @unchecked Sendable {
    static let schema = "enrollment_keys"

    @ID(key: .id) var id: UUID?
    @Field(key: "org_id") var orgId: UUID
    @OptionalField(key: "site_id") var siteId: UUID?
    @Field(key: "secret_hash") var secretHash: String
    @Field(key: "uses_allowed") var usesAllowed: Int
    @Field(key: "uses_left") var usesLeft: Int
    @OptionalField(key: "expires_at") var expiresAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
