import Foundation
import Synchronization

/// Runs ffmpeg/ffprobe as child processes: stdout either collected (ffprobe's JSON, capped) or handed
/// over line by line (ffmpeg's `-progress pipe:1`), stderr kept as a short tail for error messages.
/// Cancelling the calling task, or a run past its timeout, kills the child with SIGKILL: a child can inherit
/// an ignored SIGTERM from a process that handles signals through Dispatch (seen under the test runner),
/// and ffmpeg busy filling a timestamp gap does not get round to honouring one anyway.
/// The signal goes to the child's whole process group (Foundation starts every child as the leader of its
/// own group), so a wrapper script's children stop with it.
public struct MediaToolRunner: Sendable {
    /// What a finished run printed.
    public struct Output: Sendable {
        public var stdout: Data
        public var stderrTail: String
    }

    /// Largest stdout collected (ffprobe JSON of a normal file is a few KB).
    static let maxCollected = 8 << 20
    /// Bytes of stderr kept for error messages.
    static let stderrTailBytes = 2048

    public init() {}

    /// Runs `executable` (a name found on `PATH`, or a path) with `arguments`. When `onLine` is set,
    /// stdout lines go to it instead of being collected. Throws `MediaToolError` on launch failure, a
    /// non-zero exit, cancellation, or (`.timedOut`) when it still runs after `timeout`, in which case its
    /// process group is killed. `onStart` receives the child's pid (so a later attempt can find an orphan
    /// after a crash).
    public func run(
        _ executable: String, _ arguments: [String], timeout: Duration? = nil, onStart: (@Sendable (Int32) -> Void)? = nil,
        onLine: (@Sendable (Substring) -> Void)? = nil
    ) async throws -> Output {
        let tool = (executable as NSString).lastPathComponent
        guard let url = Self.resolve(executable) else {
            throw MediaToolError.launchFailed(tool: tool, reason: "\(executable) not found on PATH")
        }
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw MediaToolError.launchFailed(tool: tool, reason: "\(error)")
        }
        onStart?(process.processIdentifier)
        let watchdog = timeout.map { limit in
            Task { () -> Bool in
                do { try await Task.sleep(for: limit) } catch { return false }
                return Self.stopGroup(of: process, signal: SIGKILL)
            }
        }
        // The pipes are drained on two dedicated threads, never on Dispatch's global queues: their width
        // is the core count, and readers blocked there (two ffmpeg runs at once) starve each other and
        // Swift concurrency into a deadlock.
        let errTail = TailBuffer(limit: Self.stderrTailBytes)
        let stderrDrained = DispatchSemaphore(value: 0)
        let output: Output = try await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Output, Never>) in
                Thread {
                    while case let data = stderr.fileHandleForReading.availableData, !data.isEmpty { errTail.append(data) }
                    stderrDrained.signal()
                }.start()
                Thread {
                    var collected = Data()
                    var pending = Data()
                    while case let data = stdout.fileHandleForReading.availableData, !data.isEmpty {
                        if let onLine {
                            pending.append(data)
                            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                                pending.removeSubrange(pending.startIndex...newline)
                                onLine(Substring(line))
                            }
                        } else if collected.count < Self.maxCollected {
                            collected.append(data.prefix(Self.maxCollected - collected.count))
                        }
                    }
                    stderrDrained.wait()
                    process.waitUntilExit()
                    continuation.resume(returning: Output(stdout: collected, stderrTail: errTail.text))
                }.start()
            }
        } onCancel: {
            Self.stopGroup(of: process, signal: SIGKILL)
        }
        watchdog?.cancel()
        if let watchdog, await watchdog.value, let timeout {
            throw MediaToolError.timedOut(tool: tool, seconds: Int(timeout.components.seconds))
        }
        if Task.isCancelled { throw MediaToolError.cancelled(tool: tool) }
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw MediaToolError.failed(tool: tool, status: process.terminationStatus, stderr: output.stderrTail)
        }
        return output
    }

    /// Sends `signal` to the process group `process` leads, if it still runs; true when it was sent.
    @discardableResult
    static func stopGroup(of process: Process, signal: Int32) -> Bool {
        guard process.isRunning else { return false }
        let pid = process.processIdentifier
        // Foundation makes each child a group leader; should that ever change, signal the child alone
        // rather than our own group.
        return kill(getpgid(pid) == pid ? -pid : pid, signal) == 0
    }

    /// `name` on `PATH`, or `name` itself when it contains a slash and is executable.
    static func resolve(_ name: String) -> URL? {
        if name.contains("/") {
            return FileManager.default.isExecutableFile(atPath: name) ? URL(fileURLWithPath: name) : nil
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }
}

/// The last `limit` bytes written to it, readable as trimmed text; safe to fill from another thread.
final class TailBuffer: Sendable {
    private let bytes = Mutex(Data())
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    func append(_ data: Data) {
        bytes.withLock { bytes in
            bytes.append(data)
            if bytes.count > limit { bytes = Data(bytes.suffix(limit)) }
        }
    }

    var text: String {
        bytes.withLock { String(decoding: $0, as: UTF8.self) }.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
