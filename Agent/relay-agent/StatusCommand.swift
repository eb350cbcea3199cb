import ArgumentParser
import Foundation

/// `relay-agent status`: queue depth by state, bytes pending, the last QC failures with their angle, last
/// backend contact and token expiry.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show the queue, QC failures and backend contact.")

    @OptionGroup var options: AgentOptions
    @Flag(help: "One JSON object.") var json = false
    @Flag(help: "Keep showing it, refreshed every --interval seconds, with each recording's upload rate (Ctrl-C stops).")
    var watch = false
    @Option(help: "Seconds between refreshes with --watch.") var interval: Double = 2
    @Option(help: "With --watch: stop after this many refreshes (default: until stopped).") var count: Int?
    @Option(help: ArgumentHelp(
        "Serve the --watch view as a local web page (and /status.json) at this loopback address until stopped, e.g. 127.0.0.1:8765 (port 0: any free one).",
        valueName: "address"))
    var serve: String?

    func validate() throws {
        guard (0.2...3600).contains(interval) else { throw ValidationError("--interval must be between 0.2 and 3600 seconds") }
        if let count, count < 1 { throw ValidationError("--count must be at least 1") }
        if watch && json { throw ValidationError("--watch shows text; use --json without it") }
        if let serve {
            if watch || json { throw ValidationError("--serve is a page of its own; use it without --watch and --json") }
            guard LoopbackAddress(serve) != nil else {
                throw ValidationError("--serve takes a loopback address and a port (127.0.0.1:8765, localhost:8765, [::1]:8765): the page is for this box only, got \(serve)")
            }
        }
    }

    func run() throws {
        if let serve, let address = LoopbackAddress(serve) {
            let stateDirectory = try options.stateDirectory()
            try StatusPageServer(address: address, refreshSeconds: interval) {
                try StatusReport.read(stateDirectory: stateDirectory)
            }.run()
            return
        }
        guard watch else {
            let report = try read()
            print(json ? String(decoding: try jsonEncoder.encode(report), as: UTF8.self) : report.text)
            return
        }
        // On a terminal each refresh replaces the last; piped, refreshes follow each other.
        let terminal = isatty(STDOUT_FILENO) == 1
        var rates = TransferRates()
        var shown = 0
        while count.map({ shown < $0 }) ?? true {
            let now = Date()
            let body = StatusFrame.text(try read(), rates: &rates, at: now)
            let frame = "relay-agent status — \(ISO8601DateFormatter().string(from: now)) (every \(interval) s)\n" + body
            // Written straight to the descriptor: `print` buffers a pipe until exit.
            FileHandle.standardOutput.write(Data(((terminal ? "\u{1B}[H\u{1B}[2J" + frame : frame + "\n") + "\n").utf8))
            shown += 1
            if count.map({ shown >= $0 }) ?? false { break }
            Thread.sleep(forTimeInterval: interval)
        }
    }

    private func read() throws -> StatusReport {
        do {
            return try StatusReport.read(stateDirectory: try options.stateDirectory())
        } catch {
            throw fail("\(error)")
        }
    }
}
