import ArgumentParser
import RelayAPI

/// `relay-agent`: the studio edge daemon. This build has edge QC (`relay-agent qc`); enrollment, the
/// watcher and the upload queue arrive with the rest of the agent issue.
@main
struct RelayAgent: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relay-agent",
        abstract: "Relay studio agent: watches capture folders, checks images, uploads them to the Relay backend.",
        version: RelayVersion.current,
        subcommands: [QCCommand.self])
}
