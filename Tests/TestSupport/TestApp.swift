import BackendApp
import BackendCore
import BackendStore
import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus
import ServiceLifecycle

/// Builds the real backend for a test: real database of the requested kind, local blob store in a temp
/// folder, the real router — exactly what `relay-backend serve` builds, minus the process.
package enum TestApp {
    /// One Prometheus registry for the whole test process (swift-metrics can be bootstrapped only once).
    package static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    /// Configuration for a test server on a free port (`port: 0` unless given) with `extra` keys.
    package static func configuration(
        database: DatabaseSettings, dataDir: URL, extra: [String: String] = [:]
    ) throws -> BackendConfiguration {
        var values: [String: String] = [
            "data_dir": dataDir.path, "worker": "none", "port": "0", "log_level": "warning",
        ]
        switch database {
        case .sqlite(let path): values["database_url"] = "sqlite:" + path
        case .postgres(let url): values["database_url"] = url
        }
        values.merge(extra) { $1 }
        return try BackendConfiguration(ConfigurationSource(values: values))
    }

    /// Runs `body` with services and a router for a fresh database of `kind`; everything is torn down after.
    /// `adjust` may change settings that have no key (token lifetimes) after the keys are read.
    package static func with(
        _ kind: String, extra: [String: String] = [:], logger: Logger = TestDatabase.logger,
        adjust: (inout BackendConfiguration) -> Void = { _ in },
        _ body: (AppServices, Router<AppRequestContext>) async throws -> Void
    ) async throws {
        let (settings, cleanup) = try await TestDatabase.settings(kind)
        let dataDir = try TestEnvironment.temporaryDirectory("relay-data")
        var configuration = try self.configuration(database: settings, dataDir: dataDir, extra: extra)
        adjust(&configuration)
        let services = try await buildServices(
            configuration: configuration, logger: logger, passwordHasher: PasswordHasher(logN: 10))
        let router = buildRouter(services: services, registry: registry)
        do {
            try await body(services, router)
        } catch {
            await services.database.shutdown()
            await cleanup()
            try? FileManager.default.removeItem(at: dataDir)
            throw error
        }
        await services.database.shutdown()
        await cleanup()
        try? FileManager.default.removeItem(at: dataDir)
    }

    /// An Application around `router` on a free loopback port, with no extra services.
    package static func application(
        _ router: Router<AppRequestContext>, port: Int = 0, logger: Logger = TestDatabase.logger
    ) -> some ApplicationProtocol {
        Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)), logger: logger)
    }
}

extension TestApp {
    /// Serves `router` for real on `port` (127.0.0.1) while `body` runs, then shuts the server down.
    package static func serve(
        _ router: Router<AppRequestContext>, port: Int, _ body: @escaping @Sendable (String) async throws -> Void
    ) async throws {
        let (started, continuation) = AsyncStream<Void>.makeStream()
        let app = Application(
            router: router, server: .relayHTTP(router: router), configuration: .init(address: .hostname("127.0.0.1", port: port)),
            onServerRunning: { _ in continuation.yield() }, logger: TestDatabase.logger)
        let serviceGroup = ServiceGroup(services: [app], logger: TestDatabase.logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await serviceGroup.run() }
            for await _ in started { break }
            do {
                try await body("http://127.0.0.1:\(port)")
            } catch {
                await serviceGroup.triggerGracefulShutdown()
                throw error
            }
            await serviceGroup.triggerGracefulShutdown()
            try await group.waitForAll()
        }
    }
}
