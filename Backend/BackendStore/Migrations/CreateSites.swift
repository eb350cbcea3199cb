import FluentKit

/// Sites, unique by name within an org.
struct CreateSites: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("sites")
            .id()
            .field("org_id", .uuid, .required, .references("orgs", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "org_id", "name", name: "sites_org_name_key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("sites").delete()
    }
}
