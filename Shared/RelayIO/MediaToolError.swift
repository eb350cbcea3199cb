/// Why running ffmpeg or ffprobe did not give a result.
package enum MediaToolError: Error, Sendable, CustomStringConvertible {
    /// The executable could not be started (missing, not executable): an installation problem, retried.
    case launchFailed(tool: String, reason: String)
    /// The tool ran and refused the input or failed; `stderr` is the tail of its error output.
    case failed(tool: String, status: Int32, stderr: String)
    /// The run took longer than the `seconds` it was allowed and was killed (with its process group).
    case timedOut(tool: String, seconds: Int)
    /// The run was cancelled (worker shutting down) and the tool was terminated.
    case cancelled(tool: String)

    package var description: String {
        switch self {
        case .launchFailed(let tool, let reason): "\(tool) could not be started: \(reason)"
        case .failed(let tool, let status, let stderr):
            "\(tool) exited with status \(status)" + (stderr.isEmpty ? "" : ": \(stderr)")
        case .timedOut(let tool, let seconds): "\(tool) was stopped after \(seconds) s, its time limit"
        case .cancelled(let tool): "\(tool) was cancelled"
        }
    }
}
