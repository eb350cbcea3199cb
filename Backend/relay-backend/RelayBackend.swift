import ArgumentParser
import BackendApp
import RelayAPI

/// `relay-backend`: the Relay cloud backend.
@main
struct RelayBackend: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relay-backend",
        abstract: "Relay backend: API server, job workers, migrations and administration.",
        version: RelayVersion.current,
        subcommands: [ServeCommand.self, WorkerCommand.self, MigrateCommand.self, AdminCommand.self, SyncCommand.self],
        defaultSubcommand: ServeCommand.self)

    static func main() async {
        await main(ProcessArguments.current())
    }
}
