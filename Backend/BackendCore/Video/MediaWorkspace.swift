import Foundation
import RelayIO

/// Scratch folders for ffmpeg work and the ffmpeg runs inside them.
///
/// One folder per job step (`{root}/{name}`). A folder left by an attempt that died (worker killed) is
/// removed when the step starts again, after stopping that attempt's ffmpeg if it still runs on this
/// machine: its pid is kept in the folder and checked against `/proc/{pid}/cmdline`, so a reused pid of
/// an unrelated process is never touched. Every ffmpeg run gets the wall-clock limit `limits` derive from
/// the input's duration.
package struct MediaWorkspace: Sendable {
    package let folder: URL
    let ffmpegPath: String
    let limits: MediaLimits

    /// Creates (fresh) `{root}/{name}`.
    package static func prepare(root: URL, name: String, ffmpegPath: String, limits: MediaLimits) throws -> MediaWorkspace {
        let folder = root.appendingPathComponent(name, isDirectory: true)
        if FileManager.default.fileExists(atPath: folder.path) {
            stopOrphan(pidFile: folder.appendingPathComponent("ffmpeg.pid"), folder: folder)
            try FileManager.default.removeItem(at: folder)
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return MediaWorkspace(folder: folder, ffmpegPath: ffmpegPath, limits: limits)
    }

    /// Removes the folder (call when the step ends, however it ends).
    package func remove() {
        try? FileManager.default.removeItem(at: folder)
    }

    static func stopOrphan(pidFile: URL, folder: URL) {
        guard let text = try? String(contentsOf: pidFile, encoding: .utf8),
            let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 1,
            let cmdline = try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))
        else { return }
        if String(decoding: cmdline, as: UTF8.self).contains(folder.path) { kill(getpgid(pid) == pid ? -pid : pid, SIGKILL) }
    }

    /// Runs ffmpeg with `arguments` (which must write inside this folder), turning its `-progress`
    /// output into fractions of `duration` handed to `progress` at most once a second. A run still going
    /// after `limits.toolTimeout(inputSeconds: duration)` is killed (`MediaToolError.timedOut`).
    package func runFFmpeg(_ arguments: [String], duration: Double, progress: @escaping @Sendable (Double) async -> Void) async throws {
        let (lines, continuation) = AsyncStream<Double>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let pidFile = folder.appendingPathComponent("ffmpeg.pid")
        async let run: MediaToolRunner.Output = MediaToolRunner().run(
            ffmpegPath, arguments, timeout: limits.toolTimeout(inputSeconds: duration),
            onStart: { pid in try? Data("\(pid)".utf8).write(to: pidFile) },
            onLine: { line in
                if let seconds = HLSCommands.progressSeconds(line) { continuation.yield(seconds) }
            })
        let reporter = Task {
            var last = ContinuousClock.now - .seconds(2)
            for await seconds in lines where ContinuousClock.now - last >= .seconds(1) {
                last = .now
                await progress(duration > 0 ? min(seconds / duration, 1) : 0)
            }
        }
        do {
            _ = try await run
            continuation.finish()
            await reporter.value
        } catch {
            continuation.finish()
            reporter.cancel()
            throw error
        }
        try? FileManager.default.removeItem(at: pidFile)
    }

    /// Failures a retry can fix (the machine, not the file).
    package static func isResourceFailure(_ stderr: String) -> Bool {
        ["No space left on device", "Cannot allocate memory", "Resource temporarily unavailable"].contains { stderr.contains($0) }
    }
}
