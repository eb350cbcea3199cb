import BackendCore
import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit

/// The backend's database: SQLite (embedded default) or PostgreSQL, behind Fluent and SQLKit.
///
/// SQLite is used through exactly one connection (pinned to one event loop) in WAL mode with a busy
/// timeout, so writes from API handlers and the in-process worker are serialised rather than failing with
/// `SQLITE_BUSY`. PostgreSQL uses a pool spread over the event loops.
package struct RelayDatabase: Sendable {
    package let configuration: DatabaseSettings
    let databases: Databases
    let logger: Logger
    /// SQLite: the one loop every query runs on.
    let pinnedLoop: (any EventLoop)?

    /// Opens (creating the SQLite file and its folder if needed) but does not migrate.
    package static func open(_ configuration: DatabaseSettings, logger: Logger, poolSize: Int = 4) async throws
        -> RelayDatabase
    {
        let group = MultiThreadedEventLoopGroup.singleton
        let databases = Databases(threadPool: NIOThreadPool.singleton, on: group)
        switch configuration {
        case .sqlite(let path):
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            databases.use(.sqlite(.file(path), sqlLogLevel: .trace), as: .sqlite)
            let database = RelayDatabase(
                configuration: configuration, databases: databases, logger: logger, pinnedLoop: group.next())
            for pragma in ["PRAGMA journal_mode=WAL", "PRAGMA busy_timeout=10000", "PRAGMA foreign_keys=ON",
                "PRAGMA synchronous=NORMAL"]
            {
                try await database.sql.raw(SQLQueryString(stringLiteral: pragma)).run()
            }
            return database
        case .postgres(let url):
            databases.use(
                try .postgres(url: url, maxConnectionsPerEventLoop: poolSize, sqlLogLevel: .trace), as: .psql)
            return RelayDatabase(configuration: configuration, databases: databases, logger: logger, pinnedLoop: Optional<any EventLoop>.none)
        }
    }

    /// A Fluent database handle for one unit of work.
    package var db: any Database {
        let loop = pinnedLoop ?? databases.eventLoopGroup.any()
        // `database(logger:on:)` is nil only when no configuration is registered, which `open` rules out.
        return databases.database(logger: logger, on: loop)!
    }

    /// The same database as SQLKit, for raw SQL (job queue).
    package var sql: any SQLDatabase {
        // Both drivers' databases conform to SQLDatabase.
        db as! any SQLDatabase
    }

    /// True on PostgreSQL (enables `FOR UPDATE SKIP LOCKED`, advisory locks).
    package var isPostgres: Bool {
        if case .postgres = configuration { return true }
        return false
    }

    /// A trivial query, for readiness.
    package func ping() async throws {
        _ = try await sql.raw("SELECT 1 AS one").first()
    }

    /// Closes every connection.
    package func shutdown() async {
        await databases.shutdownAsync()
    }
}
