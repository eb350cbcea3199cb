import FluentKit
import Logging
import SQLKit

extension RelayDatabase {
    /// Every migration, in order. Append only: a released migration is never edited.
    static var migrations: [any Migration] {
        [CreateOrgs(), CreateSites(), CreateUsers(), CreateEnrollmentKeys(), CreateJobs(), CreateAuthTables(), CreateCaptureTables(),
            CreateVideoTables(), CreateMulticamTables(), CreateSyncTables(), AddEventIdempotencyKeys(), AddCaptureIdempotency(), AddMulticamIdempotency(),
            ScopeIdempotencyKeys(), AddImageProcessingRuns(), AddImageFrames(), AddDeviceHealth(), CreateAnalyzerTables(), CreateAnalysisBatches(), CreateJobWorkers(), CreateAnalyzerBatchQueues(), CreateAnalyzerWaveforms(), CreateAPIKeys(),
            AddMulticamChapters(),
        ]
    }

    /// Brings the schema up to date. Safe to run from several processes at once: on PostgreSQL a
    /// session-level advisory lock, held on the one connection the migrations run on, makes the others
    /// wait; SQLite has a single writer anyway.
    /// - Returns: names of the migrations that ran now.
    @discardableResult
    package func migrate() async throws -> [String] {
        let isPostgres = self.isPostgres
        let logger = self.logger
        return try await db.withConnection { connection in
            let sql = connection as! any SQLDatabase
            if isPostgres { try await sql.raw("SELECT pg_advisory_lock(727274)").run() }
            do {
                let migrations = Migrations()
                migrations.add(Self.migrations)
                let migrator = Migrator(
                    databaseFactory: { _ in connection }, migrations: migrations, on: connection.eventLoop,
                    migrationLogLevel: .info)
                try await migrator.setupIfNeeded().get()
                let before = try await Self.appliedMigrations(sql)
                try await migrator.prepareBatch().get()
                let ran = try await Self.appliedMigrations(sql).filter { !before.contains($0) }
                if isPostgres { try await sql.raw("SELECT pg_advisory_unlock(727274)").run() }
                if !ran.isEmpty { logger.info("migrations applied", metadata: ["migrations": "\(ran)"]) }
                return ran
            } catch {
                if isPostgres { try? await sql.raw("SELECT pg_advisory_unlock(727274)").run() }
                throw error
            }
        }
    }

    /// Names of applied migrations, oldest first.
    package func appliedMigrations() async throws -> [String] {
        try await Self.appliedMigrations(sql)
    }

    static func appliedMigrations(_ sql: any SQLDatabase) async throws -> [String] {
        try await sql.raw("SELECT name FROM _fluent_migrations ORDER BY batch, name").all()
            .map { try $0.decode(column: "name", as: String.self) }
    }
}
