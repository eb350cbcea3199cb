import FluentKit
import Foundation

/// Row of `users`.
// `@unchecked Sendable`: Fluent's rule for models; instances are never shared between tasks here.
final class UserModel: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?
    @Field(key: "org_id") var orgId: UUID
    @Field(key: "email") var email: String
    @Field(key: "name") var name: String
    @Field(key: "role") var role: String
    /// JSON array of site ids.
    @Field(key: "site_ids") var siteIds: String
    @OptionalField(key: "password_hash") var passwordHash: String?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
