import RelayIO

extension MediaToolError: ClientFacingError {
    /// For clients: the tool and its last error line (scrubbed by `ClientFacingReason`), never its path.
    package var clientReason: String {
        switch self {
        case .launchFailed(let tool, _): "\(tool) is not available on the server"
        case .failed(let tool, _, _): "\(tool) could not process the file" + (lastErrorLine.map { ": \($0)" } ?? "")
        case .timedOut(let tool, let seconds): "\(tool) took longer than the \(seconds) s allowed for this input and was stopped"
        case .cancelled(let tool): "\(tool) was interrupted"
        }
    }

    /// The last line the tool wrote to stderr, scrubbed for clients; nil when there is none.
    package var lastErrorLine: String? {
        guard case .failed(_, _, let stderr) = self, let line = stderr.split(separator: "\n").last else { return nil }
        let scrubbed = ClientFacingReason.scrub(String(line))
        return scrubbed.isEmpty ? nil : scrubbed
    }
}
