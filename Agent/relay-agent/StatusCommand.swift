import ArgumentParser
import Foundation

/// `relay-agent status`: queue depth by state, bytes pending, the last QC failures with their angle, last
/// backend contact and token expiry.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show the queue, QC failures and backend contact.")

    @OptionGroup var options: AgentOptions
    @Flag(help: "One JSON object.") var json = false

    func run() throws {
        let report: StatusReport
        do {
            report = try StatusReport.read(stateDirectory: try options.stateDirectory())
        } catch {
            throw fail("\(error)")
        }
        print(json ? String(decoding: try jsonEncoder.encode(report), as: UTF8.self) : report.text)
    }
}
