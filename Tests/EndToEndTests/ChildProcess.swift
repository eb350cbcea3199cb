import Foundation
import Glibc
import Testing

/// Child processes the end-to-end tests run, never waited on without a bound: a hung child fails its test
/// with what it printed instead of holding the whole suite until CI's time runs out.
enum ChildProcess {
    /// Runs `executable` to its end. Its output is read while it runs (a child writing more than a pipe
    /// holds would otherwise block, never exit, and be waited on forever); past `timeout` it is killed and
    /// the test records an issue.
    static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String], timeout: Duration = .seconds(300)
    ) async throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        async let stdout = drain(out.fileHandleForReading)
        async let stderr = drain(err.fileHandleForReading)
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        let killed = process.isRunning
        if killed {
            Glibc.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        let result = (process.terminationStatus, String(decoding: await stdout, as: UTF8.self), String(decoding: await stderr, as: UTF8.self))
        if killed {
            Issue.record("\(executable.lastPathComponent) \(arguments.joined(separator: " ")) still ran after \(timeout): killed. \(result.2.suffix(2000))")
        }
        return result
    }

    /// Everything `handle` yields until its end, read on a thread of its own.
    static func drain(_ handle: FileHandle) async -> Data {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: handle.readDataToEndOfFile()) }
        }
    }
}

extension Process {
    /// SIGTERM, then up to `grace` for the process to end, then SIGKILL (and a recorded issue: a child that
    /// ignores SIGTERM is a bug the test should show, not a hang). Safe to call on an ended process.
    func stop(grace: Duration = .seconds(60)) {
        guard isRunning else { return }
        terminate()
        let deadline = ContinuousClock.now + grace
        while isRunning, ContinuousClock.now < deadline { usleep(20_000) }
        guard isRunning else { return }
        Glibc.kill(processIdentifier, SIGKILL)
        waitUntilExit()
        Issue.record("\(executableURL?.lastPathComponent ?? "a child") \(arguments?.joined(separator: " ") ?? "") ignored SIGTERM for \(grace): killed")
    }
}
