import FluentKit

/// Enrollment keys: only the SHA-256 of the secret is stored.
struct CreateEnrollmentKeys: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("enrollment_keys")
            .id()
            .field("org_id", .uuid, .required, .references("orgs", "id", onDelete: .cascade))
            .field("site_id", .uuid, .references("sites", "id", onDelete: .cascade))
            .field("secret_hash", .string, .required)
            .field("uses_allowed", .int, .required)
            .field("uses_left", .int, .required)
            .field("expires_at", .datetime)
            .field("revoked_at", .datetime)
            .field("created_at", .datetime, .required)
            .unique(on: "secret_hash", name: "enrollment_keys_secret_hash_key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("enrollment_keys").delete()
    }
}
