import ArgumentParser
import BackendApp
import Logging
import ServiceLifecycle

/// `relay-backend serve`: the API server (with an in-process job worker unless `--worker none`).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the API server (default command).")

    @OptionGroup var options: ConfigOptions

    @Option(help: "Address to listen on (default 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on (default 8080; 0 picks a free port).")
    var port: Int?

    @Option(help: "URL clients reach this server at, used in signed blob URLs (default http://HOST:PORT).")
    var publicUrl: String?

    @Option(help: "in-process (default) runs jobs inside this process; none leaves them to `relay-backend worker`.")
    var worker: String?

    func run() async throws {
        let configuration = try options.load(extra: [
            "host": host, "port": port.map(String.init), "public_url": publicUrl, "worker": worker,
        ])
        let (logger, registry) = Bootstrap.run(configuration)
        // In-flight requests get `shutdown_grace_seconds` to finish after SIGTERM; then they are cancelled.
        try await buildServiceGroup(role: .server, configuration: configuration, logger: logger, registry: registry).run()
        logger.info("relay-backend stopped")
    }
}
