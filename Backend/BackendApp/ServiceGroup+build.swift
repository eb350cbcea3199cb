import BackendCore
import BackendStore
import Logging
import Prometheus
import ServiceLifecycle

/// What a `relay-backend` process runs.
package enum BackendRole: Sendable {
    /// `serve`: the HTTP server, with its job worker in-process unless configured `none`.
    case server
    /// `worker`: job workers only, no HTTP server.
    case worker
}

/// Builds a whole `relay-backend` process as one `ServiceGroup`: `serve` and `worker` both call this.
/// SIGTERM and SIGINT shut it down gracefully, in reverse order (the database closes last); in-flight
/// work gets `shutdown_grace_seconds` before it is cancelled.
package func buildServiceGroup(
    role: BackendRole, configuration: BackendConfiguration, logger: Logger, registry: PrometheusCollectorRegistry,
    passwordHasher: PasswordHasher = PasswordHasher()
) async throws -> ServiceGroup {
    let services: [any Service]
    switch role {
    case .server:
        services = [
            try await buildApplication(configuration: configuration, logger: logger, registry: registry, passwordHasher: passwordHasher)
        ]
    case .worker:
        services = buildLifecycleServices(
            role: .worker,
            services: try await buildServices(configuration: configuration, logger: logger, passwordHasher: passwordHasher), logger: logger)
    }
    var groupConfiguration = ServiceGroupConfiguration(
        services: services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
    groupConfiguration.maximumGracefulShutdownDuration = .seconds(configuration.server.shutdownGraceSeconds)
    return ServiceGroup(configuration: groupConfiguration)
}

/// The services that run beside the HTTP server (`.server`) or on their own (`.worker`), in start
/// order: the database first, so it is closed last.
func buildLifecycleServices(role: BackendRole, services: AppServices, logger: Logger, jobHandlers: JobHandlers? = nil) -> [any Service] {
    var lifecycle: [any Service] = [DatabaseLifecycleService(database: services.database)]
    let runsJobs: Bool
    switch role {
    case .server:
        // A worker process only publishes (NOTIFY needs no listener); the server fans events out to its
        // WebSockets.
        if let bus = services.bus as? PostgresEventBus {
            lifecycle.append(EventBusService(bus: bus))
        }
        lifecycle.append(SubjectCacheInvalidationService(bus: services.bus, subjects: services.auth.subjects))
        runsJobs = services.configuration.workerMode == "in-process"
    case .worker:
        runsJobs = true
    }
    if runsJobs {
        lifecycle.append(
            JobWorkerService(
                queue: services.jobQueue, handlers: jobHandlers ?? JobHandlerRegistry.standard(services: services),
                configuration: services.configuration.worker, logger: role == .server ? logger.with(label: "worker") : logger))
    }
    return lifecycle
}
