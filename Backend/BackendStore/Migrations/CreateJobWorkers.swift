import FluentKit

/// Worker processes' presence (`JobWorkerPresence`): who runs jobs, seen when. Times are Unix seconds.
struct CreateJobWorkers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("job_workers")
            .field("id", .string, .identifier(auto: false))
            .field("host", .string, .required)
            .field("pid", .int, .required)
            .field("kinds", .string, .required)
            .field("concurrency", .int, .required)
            .field("started_at", .double, .required)
            .field("seen_at", .double, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("job_workers").delete()
    }
}
