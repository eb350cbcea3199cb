import FluentKit

/// Users, unique by (lower-cased) email across all orgs, since login is by email.
struct CreateUsers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("users")
            .id()
            .field("org_id", .uuid, .required, .references("orgs", "id", onDelete: .cascade))
            .field("email", .string, .required)
            .field("name", .string, .required)
            .field("role", .string, .required)
            // JSON array of site ids; empty = every site of the org.
            .field("site_ids", .string, .required)
            .field("password_hash", .string)
            .field("created_at", .datetime, .required)
            .unique(on: "email", name: "users_email_key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("users").delete()
    }
}
