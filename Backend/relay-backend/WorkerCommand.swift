import ArgumentParser
import BackendApp
import BackendCore
import Logging
import ServiceLifecycle

/// `relay-backend worker`: job workers as a separate process (scale them independently of the API).
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker", abstract: "Run background job workers without the HTTP server.")

    @OptionGroup var options: ConfigOptions

    @Option(help: "Jobs run at once (default 2).")
    var concurrency: Int?

    func run() async throws {
        let configuration = try options.load(extra: ["worker_concurrency": concurrency.map(String.init)])
        let (logger, _) = Bootstrap.run(configuration)
        let services = try await buildServices(configuration: configuration, logger: logger)
        let worker = JobWorkerService(
            queue: services.jobQueue, handlers: JobHandlerRegistry.standard(services: services),
            configuration: configuration.worker, logger: logger)
        var groupConfiguration = ServiceGroupConfiguration(
            services: [.init(service: DatabaseLifecycleService(database: services.database)), .init(service: worker)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(configuration.server.shutdownGraceSeconds)
        try await ServiceGroup(configuration: groupConfiguration).run()
    }
}
