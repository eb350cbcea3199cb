import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one way Relay runs ffmpeg/ffprobe (video, multicam ingest, audio sync): stdout either collected
/// (ffprobe's JSON, decoded audio; capped at `stdoutLimit`) or handed over line by line (ffmpeg's
/// `-progress pipe:1`), stderr kept as a short tail for error messages. Both pipes are drained on
/// dedicated threads, never on Dispatch's global queues or the cooperative pool.
///
/// `run` (async): cancelling the calling task, or a run past its timeout, kills the child with SIGKILL: a
/// child can inherit an ignored SIGTERM from a process that handles signals through Dispatch (seen under
/// the test runner), and ffmpeg busy filling a timestamp gap does not get round to honouring one anyway.
/// The signal goes to the child's whole process group (Foundation starts every child as the leader of its
/// own group), so a wrapper script's children stop with it. `runBlocking` is for callers already on a
/// thread of their own (the sync engine's decoder).
package struct MediaToolRunner: Sendable {
    /// What a finished run printed.
    package struct Output: Sendable {
        package var stdout: Data
        package var stderrTail: String
    }

    /// Largest stdout collected.
    package var stdoutLimit: Int
    /// Bytes of stderr kept for error messages.
    package var stderrTailBytes: Int

    /// Defaults fit ffprobe: its JSON for a normal file is a few KB.
    package init(stdoutLimit: Int = 8 << 20, stderrTailBytes: Int = 2048) {
        self.stdoutLimit = stdoutLimit
        self.stderrTailBytes = stderrTailBytes
    }

    /// Runs `executable` (a name found on `PATH`, or a path) with `arguments`. When `onLine` is set,
    /// stdout lines go to it instead of being collected; when `onData` is, the raw bytes do, in order, on
    /// the drain thread. Throws `MediaToolError` on launch failure, a
    /// non-zero exit, cancellation, or (`.timedOut`) when it still runs after `timeout`, in which case its
    /// process group is killed. `onStart` receives the child's pid (so a later attempt can find an orphan
    /// after a crash).
    package func run(
        _ executable: String, _ arguments: [String], timeout: Duration? = nil, onStart: (@Sendable (Int32) -> Void)? = nil,
        onLine: (@Sendable (Substring) -> Void)? = nil, onData: (@Sendable (Data) -> Void)? = nil
    ) async throws -> Output {
        let child = try start(executable, arguments, onLine: onLine, onData: onData)
        onStart?(child.pid)
        let watchdog = timeout.map { limit in
            Task { () -> Bool in
                do { try await Task.sleep(for: limit) } catch { return false }
                return child.stopGroup(signal: SIGKILL)
            }
        }
        let result: Result<Output, MediaToolError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                // Waiting blocks: on a thread of its own.
                Thread { continuation.resume(returning: Result { () throws(MediaToolError) in try child.waitForExit() }) }.start()
            }
        } onCancel: {
            child.stopGroup(signal: SIGKILL)
        }
        watchdog?.cancel()
        if let watchdog, await watchdog.value, let timeout {
            throw MediaToolError.timedOut(tool: child.tool, seconds: Int(timeout.components.seconds))
        }
        if Task.isCancelled { throw MediaToolError.cancelled(tool: child.tool) }
        return try result.get()
    }

    /// Runs `executable` to its end on the calling thread (which it blocks); same errors as `run` except
    /// that there is no timeout or cancellation.
    package func runBlocking(_ executable: String, _ arguments: [String]) throws(MediaToolError) -> Output {
        try start(executable, arguments, onLine: nil).waitForExit()
    }

    /// `runBlocking`, with stdout's raw bytes handed to `onData` in order (on the drain thread) instead of
    /// collected.
    package func runBlocking(
        _ executable: String, _ arguments: [String], onData: @escaping @Sendable (Data) -> Void
    ) throws(MediaToolError) -> Output {
        try start(executable, arguments, onLine: nil, onData: onData).waitForExit()
    }

    func start(
        _ executable: String, _ arguments: [String], onLine: (@Sendable (Substring) -> Void)?, onData: (@Sendable (Data) -> Void)? = nil
    ) throws(MediaToolError) -> ChildProcess {
        let tool = (executable as NSString).lastPathComponent
        guard let url = ExecutableLookup.resolve(executable) else {
            throw .launchFailed(tool: tool, reason: "\(executable) not found on PATH")
        }
        return try ChildProcess(
            executable: url, arguments: arguments, tool: tool, stdoutLimit: stdoutLimit, stderrTailBytes: stderrTailBytes, onLine: onLine,
            onData: onData)
    }
}
