import ArgumentParser
import RelayAPI

/// `relay-agent`: the studio edge daemon. This build has the command skeleton; enrollment, the watcher,
/// QC and the upload queue arrive with the agent issue.
@main
struct RelayAgent: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relay-agent",
        abstract: "Relay studio agent: watches capture folders, checks images, uploads them to the Relay backend.",
        version: RelayVersion.current)
}
