import ArgumentParser
import BackendApp
import BackendCore
import Foundation
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
        try await buildServiceGroup(
            role: .server, configuration: configuration, logger: logger, registry: registry, passwordHasher: Self.passwordHasher(logger: logger)
        ).run()
        logger.info("relay-backend stopped")
    }
}

extension ServeCommand {
    /// Benchmark only: `RELAY_BENCHMARK_SCRYPT_ON_DETACHED_TASK=1` hashes passwords on detached tasks — on
    /// the cooperative threads, as before scrypt had a pool of its own — so `Benchmarks/login-burst.sh` can
    /// measure both placements with one binary. Not a configuration key: nothing else should use it.
    static func passwordHasher(logger: Logger) -> PasswordHasher {
        guard ProcessInfo.processInfo.environment["RELAY_BENCHMARK_SCRYPT_ON_DETACHED_TASK"] == "1" else { return PasswordHasher() }
        logger.warning("benchmark switch: scrypt runs on detached tasks (the cooperative threads)")
        return PasswordHasher(placement: .detachedTask)
    }
}
