import FluentKit

/// Orgs, unique by name.
struct CreateOrgs: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("orgs")
            .id()
            .field("name", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "name", name: "orgs_name_key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("orgs").delete()
    }
}
