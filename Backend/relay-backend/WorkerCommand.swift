import ArgumentParser
import BackendApp
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
        let (logger, registry) = Bootstrap.run(configuration)
        try await buildServiceGroup(role: .worker, configuration: configuration, logger: logger, registry: registry).run()
    }
}
