import BackendCore
import BackendStore
import Foundation
import Logging

/// A fresh, migrated, empty database of the given kind for one test, dropped afterwards.
///
/// SQLite: a file in a new temp folder. PostgreSQL: a new database `relay_t_…` created on the test server
/// (`RELAY_TEST_POSTGRES_URL`), so tests never see each other's rows.
package enum TestDatabase {
    package static let logger: Logger = {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        return logger
    }()

    /// Settings for a new empty database of `kind` (`sqlite` or `postgres`) and a cleanup closure.
    package static func settings(_ kind: String) async throws -> (DatabaseSettings, @Sendable () async -> Void) {
        switch kind {
        case "postgres":
            guard let base = TestEnvironment.postgresURL else {
                throw MissingTestService("RELAY_TEST_POSTGRES_URL is not set (run the tests via scripts/test.sh)")
            }
            let name = "relay_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
            let admin = try await RelayDatabase.open(.postgres(url: base), logger: logger, poolSize: 1)
            try await admin.sql.raw("CREATE DATABASE \(unsafeRaw: name)").run()
            await admin.shutdown()
            let url = replaceDatabase(in: base, with: name)
            return (.postgres(url: url), {
                guard let admin = try? await RelayDatabase.open(.postgres(url: base), logger: logger, poolSize: 1) else { return }
                try? await admin.sql.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)").run()
                await admin.shutdown()
            })
        default:
            let folder = try TestEnvironment.temporaryDirectory("relay-db")
            return (.sqlite(path: folder.appendingPathComponent("relay.sqlite").path), {
                try? FileManager.default.removeItem(at: folder)
            })
        }
    }

    /// Runs `body` with an open, migrated database of `kind`, then closes and drops it.
    package static func with(_ kind: String, _ body: (RelayDatabase) async throws -> Void) async throws {
        let (settings, cleanup) = try await self.settings(kind)
        let database = try await RelayDatabase.open(settings, logger: logger)
        do {
            try await database.migrate()
            try await body(database)
            await database.shutdown()
            await cleanup()
        } catch {
            await database.shutdown()
            await cleanup()
            throw error
        }
    }

    static func replaceDatabase(in url: String, with name: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.path = "/" + name
        return components.string ?? url
    }
}
