import FluentKit

/// Org API keys: the secret's SHA-256 only. Times are Unix seconds.
struct CreateAPIKeys: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("api_keys")
            .field("id", .uuid, .identifier(auto: false))
            .field("org_id", .uuid, .required, .references("orgs", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("role", .string, .required)
            .field("prefix", .string, .required)
            .field("secret_hash", .string, .required)
            .field("created_by", .uuid, .required)
            .field("created_at", .double, .required)
            .field("expires_at", .double)
            .field("revoked_at", .double)
            .field("last_used_at", .double)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("api_keys").delete()
    }
}
