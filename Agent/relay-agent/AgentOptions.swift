import AgentCore
import ArgumentParser
import Foundation

/// Where the agent's configuration and state are, shared by every command.
struct AgentOptions: ParsableArguments {
    @Option(help: "Configuration file (default RELAY_AGENT_CONFIG or /etc/relay-agent/agent.json).") var config: String?
    @Option(help: "State directory (default: the configuration's state_dir, RELAY_AGENT_STATE_DIR or /var/lib/relay-agent).")
    var stateDir: String?

    var configPath: String {
        config ?? ProcessInfo.processInfo.environment["RELAY_AGENT_CONFIG"] ?? "/etc/relay-agent/agent.json"
    }

    /// The configuration; required for `run` (it names the watch folders).
    func loadConfiguration() throws -> AgentConfiguration {
        var configuration = try AgentConfiguration.load(from: URL(fileURLWithPath: configPath))
        if let stateDir { configuration.stateDirectory = URL(fileURLWithPath: stateDir) }
        return configuration
    }

    /// The configuration if there is one (status, queue and doctor work without it).
    func optionalConfiguration() throws -> AgentConfiguration? {
        guard FileManager.default.fileExists(atPath: configPath) else { return nil }
        return try loadConfiguration()
    }

    func stateDirectory() throws -> URL {
        if let stateDir { return URL(fileURLWithPath: stateDir) }
        if let configuration = try optionalConfiguration() { return configuration.stateDirectory }
        return URL(fileURLWithPath: ProcessInfo.processInfo.environment["RELAY_AGENT_STATE_DIR"] ?? "/var/lib/relay-agent")
    }
}

/// Prints an operator-facing error and exits with `code`.
func fail(_ message: String, code: Int32 = 2) -> ExitCode {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    return ExitCode(code)
}

/// JSON output of the commands: sorted keys, ISO 8601 dates.
let jsonEncoder: JSONEncoder = {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    return encoder
}()
