import ArgumentParser
import RelayAPI

/// `relay-agent`: the studio edge daemon — `enroll` once, then `run` under systemd; `status`, `queue` and
/// `doctor` for the operator, `qc` to calibrate thresholds.
@main
struct RelayAgent: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relay-agent",
        abstract: "Relay studio agent: watches capture folders, checks images, uploads them to the Relay backend.",
        version: RelayVersion.current,
        subcommands: [EnrollCommand.self, RunCommand.self, StatusCommand.self, QueueCommand.self, DoctorCommand.self, QCCommand.self])

    static func main() async {
        await main(ProcessArguments.current())
    }
}
