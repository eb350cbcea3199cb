import ArgumentParser
import RelayAPI

/// `relay-agent`: the studio edge daemon. This build enrolls (`enroll`) and checks images (`qc`); the
/// watcher and the upload queue arrive with the rest of the agent issue.
@main
struct RelayAgent: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relay-agent",
        abstract: "Relay studio agent: watches capture folders, checks images, uploads them to the Relay backend.",
        version: RelayVersion.current,
        subcommands: [EnrollCommand.self, QCCommand.self])
}
