import AgentCore
import AgentRuntime
import ArgumentParser
import Foundation
import Logging

/// `relay-agent run`: the daemon (what the systemd unit starts). Logs go to stderr (the journal under
/// systemd). SIGTERM or SIGINT stops it; in-flight uploads resume at the next start.
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
        let daemon: AgentDaemon
        do {
            daemon = try AgentDaemon(configuration: configuration, logger: logger)
        } catch {
            throw fail(AgentDaemon.describe(error))
        }
        let task = Task { try await daemon.run() }
        let signals = [SIGTERM, SIGINT].map { number -> any DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                logger.info("signal \(number): stopping")
                SystemdNotifier().stopping()
                task.cancel()
            }
            source.resume()
            return source
        }
        defer { signals.forEach { $0.cancel() } }
        do {
            try await task.value
        } catch is CancellationError {
            return
        } catch {
            if Task.isCancelled || task.isCancelled { return }
            throw fail(AgentDaemon.describe(error), code: 1)
        }
    }
}
