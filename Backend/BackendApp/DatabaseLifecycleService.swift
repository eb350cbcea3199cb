import BackendStore
import ServiceLifecycle

/// Keeps the database open for the life of the service group and closes it last on shutdown (services
/// stop in reverse order, so the HTTP server and workers are done with it by then).
package struct DatabaseLifecycleService: Service {
    package init(database: RelayDatabase) { self.database = database }

    let database: RelayDatabase

    package func run() async throws {
        try? await gracefulShutdown()
        await database.shutdown()
    }
}
