import ArgumentParser
import BackendCore

/// Flags every subcommand accepts; each overrides the same key from the file and environment.
struct ConfigOptions: ParsableArguments {
    @Option(help: "JSON configuration file (keys as in the README). Also RELAY_CONFIG.")
    var config: String?

    @Option(help: "Folder for the SQLite file, local blobs and generated secrets (default ./data).")
    var dataDir: String?

    @Option(help: "postgres://user:pass@host:port/db, or sqlite:PATH (default SQLite in the data dir).")
    var databaseUrl: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical (default info).")
    var logLevel: String?

    /// Loads file + environment + these flags (+ `extra` flags of the subcommand).
    func load(extra: [String: String?] = [:]) throws -> BackendConfiguration {
        var overrides: [String: String] = [:]
        let flags: [String: String?] = ["data_dir": dataDir, "database_url": databaseUrl, "log_level": logLevel]
        for (key, value) in flags.merging(extra, uniquingKeysWith: { $1 }) {
            if let value { overrides[key] = value }
        }
        do {
            return try BackendConfiguration(ConfigurationSource.load(file: config, overrides: overrides))
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
    }
}
