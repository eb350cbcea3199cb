import AgentCore
import Foundation
import Logging
import Synchronization

/// Decides which settled files (unchanged for `settle_seconds`, not yet taken with this size and mtime)
/// are whole enough to hash and queue now. A file waits while
///
/// 1. a local process holds it open for writing (`OpenWriters`: one pass over `/proc` per scan), or
/// 2. its structure does not show it whole (`MediaStructure`: JPEG EOI, ISO-BMFF box sizes and
///    `moov`/`meta`) — or cannot (mkv, mxf, wav, …) — and it has not kept its size and mtime across
///    scans `unverified_settle_seconds` apart (`StableSizeRule`).
///
/// So a JPEG, HEIC or MP4 written in one go is taken as soon as its writer closes it; a prefix left by a
/// writer that paused (slow FTP, a stalled SMB copy) is not, unless the pause outlasts
/// `unverified_settle_seconds` — and then intake supersedes its item when the file changes again.
final class IntakeGate: Sendable {
    let rule: Mutex<StableSizeRule>
    /// `unverified_settle_seconds`.
    let seconds: Double
    let logger: Logger
    /// Waits already logged (path and reason), so a rescan does not repeat them.
    let reported = Mutex<[String: String]>([:])

    init(unverifiedSettleSeconds: Double, logger: Logger) {
        rule = Mutex(StableSizeRule(seconds: unverifiedSettleSeconds))
        seconds = unverifiedSettleSeconds
        self.logger = logger
    }

    /// Of `files`, those to take now, in their order; `uptime` is monotonic seconds
    /// (`ProcessInfo.systemUptime`). `everything`: `files` is every settled file there is (a full scan),
    /// so waits for files not among them end; after a partial scan (one changed file or folder) the other
    /// waits go on.
    func ready(
        _ files: [IntakeScanner.Found], everything: Bool = true, uptime: Double = ProcessInfo.processInfo.systemUptime
    ) -> [IntakeScanner.Found] {
        guard !files.isEmpty else {
            if everything { rule.withLock { $0.keep(only: []) } }
            return []
        }
        let writing = OpenWriters.among(files.map(\.url))
        var taken: [IntakeScanner.Found] = []
        for file in files {
            let path = file.url.path
            let mtime = file.modified.timeIntervalSince1970
            // Every waiting file is watched, so a file whose writer closes it is measured from its last change.
            let stable = rule.withLock { $0.isStable(path: path, size: file.size, mtime: mtime, now: uptime) }
            if writing.contains(file.url) {
                wait(path, "a local process has it open for writing")
                continue
            }
            switch MediaStructure.check(file: file.url) {
            case .complete:
                taken.append(file)
            case .incomplete(let why) where stable:
                logger.notice("\(path): \(why), but unchanged for \(seconds) s; taking it as it is")
                taken.append(file)
            case .unchecked where stable:
                taken.append(file)
            case .incomplete(let why):
                wait(path, "not whole yet (\(why)); waiting until it is, or unchanged for \(seconds) s")
            case .unchecked:
                wait(path, "waiting until unchanged for \(seconds) s")
            }
        }
        if everything {
            let waiting = Set(files.map(\.url.path)).subtracting(taken.map(\.url.path))
            rule.withLock { $0.keep(only: waiting) }
            reported.withLock { $0 = $0.filter { waiting.contains($0.key) } }
        } else {
            rule.withLock { rule in taken.forEach { rule.forget($0.url.path) } }
            reported.withLock { reported in taken.forEach { reported[$0.url.path] = nil } }
        }
        return taken
    }

    /// Monotonic seconds at which the earliest waiting file will have waited long enough.
    var nextDue: Double? { rule.withLock { $0.nextDue } }

    /// The files waiting (to scan just them when their wait ends).
    var waiting: [String] { rule.withLock { $0.paths } }

    func wait(_ path: String, _ reason: String) {
        let first = reported.withLock { reported in
            defer { reported[path] = reason }
            return reported[path] != reason
        }
        if first { logger.info("\(path): \(reason)") }
    }
}
