import FluentKit
import SQLKit

/// Devices, refresh tokens and token-signing keys. Times are Unix seconds (double) so the atomic
/// conditional updates in `SQLAuthRepository` are plain SQL on both databases.
struct CreateAuthTables: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("devices")
            .id()
            .field("org_id", .uuid, .required, .references("orgs", "id", onDelete: .cascade))
            .field("site_id", .uuid, .references("sites", "id", onDelete: .setNull))
            .field("platform", .string, .required)
            .field("model", .string, .required)
            .field("app_version", .string, .required)
            .field("public_key", .string, .required)
            .field("enrollment_key_id", .uuid)
            .field("created_at", .double, .required)
            .field("last_seen_at", .double)
            .field("last_proof_at", .double)
            .field("revoked_at", .double)
            .create()
        try await database.schema("refresh_tokens")
            .id()
            .field("family_id", .uuid, .required)
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("created_at", .double, .required)
            .field("expires_at", .double, .required)
            .field("used_at", .double)
            .field("revoked_at", .double)
            .unique(on: "token_hash", name: "refresh_tokens_hash_key")
            .create()
        try await database.schema("signing_keys")
            .field("kid", .string, .identifier(auto: false))
            .field("algorithm", .string, .required)
            .field("private_key_pem", .string, .required)
            .field("created_at", .double, .required)
            .field("retired_at", .double)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX devices_org_idx ON devices (org_id)").run()
        try await sql.raw("CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("signing_keys").delete()
        try await database.schema("refresh_tokens").delete()
        try await database.schema("devices").delete()
    }
}
