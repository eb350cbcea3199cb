import AgentCore
import AgentRuntime
import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle

/// `relay-agent run`: the daemon (what the systemd unit starts). Logs go to stderr (the journal under
/// systemd). SIGTERM or SIGINT stops it gracefully (exit 0); in-flight uploads resume at the next start.
/// Exit 2: it cannot start (configuration, enrollment, folders, queue); exit 1: it failed while running.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run the agent daemon.")

    @OptionGroup var options: AgentOptions
    @Option(help: "Log level: trace, debug, info, notice, warning, error.") var logLevel: String = "info"

    func run() async throws {
        let configuration: AgentConfiguration
        do {
            configuration = try options.loadConfiguration()
        } catch {
            throw fail("\(error)")
        }
        MemoryTuning.apply()
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "relay-agent")
        do {
            try await buildServiceGroup(configuration: configuration, logger: logger).run()
        } catch let error as AgentStartupError {
            throw fail(error.description)
        } catch is CancellationError {
            // Cancelled after the graceful shutdown's deadline: stopped all the same.
            return
        } catch {
            throw fail(FailureText.describe(error), code: 1)
        }
    }
}
