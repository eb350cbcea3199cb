import BackendStore
import ServiceLifecycle

/// Keeps a `PostgresEventBus` listening while the server runs; stops on graceful shutdown.
struct EventBusService: Service {
    let bus: PostgresEventBus

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            await bus.run()
        }
    }
}
