import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One started child process with both output pipes being drained on their own threads: stdout into a
/// `StdoutSink`, stderr into a short `TailBuffer`. `waitForExit()` blocks until the child has exited and
/// both pipes reached end-of-file.
final class ChildProcess: Sendable {
    let tool: String
    private let process: Process
    private let stdout: StdoutSink
    private let stderrTail: TailBuffer
    private let drains: [PipeDrain]

    /// Starts `executable` with `arguments`, standard input from /dev/null.
    init(
        executable: URL, arguments: [String], tool: String, stdoutLimit: Int, stderrTailBytes: Int,
        onLine: (@Sendable (Substring) -> Void)?, onData: (@Sendable (Data) -> Void)? = nil
    ) throws(MediaToolError) {
        self.tool = tool
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let stdoutPipe = Pipe(), stderrPipe = Pipe()
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw .launchFailed(tool: tool, reason: "\(error)")
        }
        let stdout = StdoutSink(limit: stdoutLimit, onLine: onLine, onData: onData)
        let stderrTail = TailBuffer(limit: stderrTailBytes)
        self.process = process
        self.stdout = stdout
        self.stderrTail = stderrTail
        drains = [
            PipeDrain(fileDescriptor: stdoutPipe.fileHandleForReading.fileDescriptor, name: "\(tool)-stdout") { stdout.consume($0) },
            PipeDrain(fileDescriptor: stderrPipe.fileHandleForReading.fileDescriptor, name: "\(tool)-stderr") { stderrTail.append($0) },
        ]
    }

    var pid: Int32 { process.processIdentifier }

    /// Blocks until both pipes are drained and the child has exited; throws `.failed` unless it exited
    /// with status 0.
    func waitForExit() throws(MediaToolError) -> MediaToolRunner.Output {
        drains.forEach { $0.wait() }
        process.waitUntilExit()
        let output = MediaToolRunner.Output(stdout: stdout.collected, stderrTail: stderrTail.text)
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw .failed(tool: tool, status: process.terminationStatus, stderr: output.stderrTail)
        }
        return output
    }

    /// Sends `signal` to the process group the child leads, if it still runs; true when it was sent.
    @discardableResult
    func stopGroup(signal: Int32) -> Bool {
        guard process.isRunning else { return false }
        let pid = process.processIdentifier
        // Foundation makes each child a group leader; should that ever change, signal the child alone
        // rather than our own group.
        return kill(getpgid(pid) == pid ? -pid : pid, signal) == 0
    }
}
