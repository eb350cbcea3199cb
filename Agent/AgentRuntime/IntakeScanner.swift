import AgentCore
import AgentStore
import Foundation
import Logging

/// Turns files in the watch folders into queue items: settled files (the scanner's `settle_seconds`)
/// not seen before with this size and mtime pass the `IntakeGate` (no local writer; whole by their
/// structure, or unchanged for `unverified_settle_seconds`), are hashed, checked unchanged after hashing,
/// and queued with their angle in one transaction. Files whose bytes are already queued are recorded as
/// seen and skipped (or, when their item's file left its path, followed); a file whose path has an item
/// not yet acknowledged supersedes that item.
struct IntakeScanner: Sendable {
    let store: UploadQueueStore
    let configuration: AgentConfiguration
    let logger: Logger
    let gate: IntakeGate
    /// Files that could not be taken, for `status` and the heartbeat.
    let problems: IntakeProblems
    let unlabelledReported = ReportedPaths()
    /// How many files scans looked at (tests and the scan benchmark).
    let counter = ScanCounter()

    init(store: UploadQueueStore, configuration: AgentConfiguration, logger: Logger, problems: IntakeProblems = IntakeProblems()) {
        self.store = store
        self.configuration = configuration
        self.logger = logger
        self.problems = problems
        gate = IntakeGate(unverifiedSettleSeconds: configuration.unverifiedSettleSeconds, logger: logger)
    }

    /// A settled file a scan found, with where it goes in the queue.
    struct Found: Sendable, Equatable {
        var url: URL
        var size: Int64
        var modified: Date
        var contentType: String
        var sessionKey: String
        var frameCount: Int?
        var cameraLabel: String?
    }

    /// An error as the operator needs it: the system's words for a refused open ("Permission denied").
    static func reason(_ error: any Error) -> String {
        if let posix = error as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return "\(error)"
    }

    /// Scans every watch folder; returns how many files were queued (or superseded their item).
    /// `isCancelled` is asked between files and between a hash's chunks: a cancelled scan throws
    /// `CancellationError`, and what it had not queued is taken at the next scan.
    @discardableResult
    func scanAll(now: Date = Date(), isCancelled: () -> Bool = { false }) throws -> Int {
        let found = configuration.watchFolders.flatMap { scan(root: $0, now: now) }
            + configuration.recordingFolders.flatMap { scanRecordings(root: $0, now: now) }
        return try take(found, everything: true, isCancelled: isCancelled)
    }

    /// Takes what the gate lets through of `found`. `everything`: `found` is every settled file there is,
    /// so the gate may forget files it waited for that are no longer there; a partial scan keeps them.
    func take(_ found: [Found], everything: Bool, isCancelled: () -> Bool) throws -> Int {
        let unseen = found.filter { file in
            do {
                return try !store.wasSeen(path: file.url.path, size: file.size, mtime: file.modified.timeIntervalSince1970)
            } catch {
                logger.error("cannot take \(file.url.path): \(error)")
                return false
            }
        }
        var queued = 0
        for file in gate.ready(unseen, everything: everything) {
            if isCancelled() { throw CancellationError() }
            queued += try take(file, isCancelled: isCancelled)
        }
        return queued
    }

    /// The queue's session key of a recording folder (apart from capture folders of the same name).
    static func recordingKey(_ folder: RecordingFolder) -> String { "recording:" + folder.name }

    func scanRecordings(root: URL, now: Date = Date(), only selection: ScanSelection? = nil) -> [Found] {
        let found: (candidates: [RecordingScanner.Candidate], unlabelled: [URL])
        do {
            found = try RecordingScanner(settle: configuration.settleSeconds).scan(root: root, now: now, only: selection)
            counter.add(found.candidates.count)
        } catch {
            logger.error("cannot scan \(root.path): \(error)")
            return []
        }
        for url in found.unlabelled where unlabelledReported.first(url.path) {
            logger.warning("\(url.path) names no camera: put it in a camera folder (A/ … Z/) or start its name with the label (A_…)")
        }
        return found.candidates.map { candidate in
            Found(
                url: candidate.url, size: candidate.size, modified: candidate.modified, contentType: candidate.contentType,
                sessionKey: Self.recordingKey(candidate.folder), frameCount: nil, cameraLabel: candidate.cameraLabel)
        }
    }

    func scan(root: URL, now: Date = Date(), only selection: ScanSelection? = nil) -> [Found] {
        let candidates: [FolderScanner.Candidate]
        do {
            candidates = try FolderScanner(settle: configuration.settleSeconds).scan(root: root, now: now, only: selection)
            counter.add(candidates.count)
        } catch {
            logger.error("cannot scan \(root.path): \(error)")
            return []
        }
        let frameCount = configuration.sessionMode == "studio360" ? configuration.frameCount : nil
        return candidates.map { candidate in
            Found(
                url: candidate.url, size: candidate.size, modified: candidate.modified, contentType: candidate.contentType,
                sessionKey: candidate.folder.name, frameCount: frameCount, cameraLabel: nil)
        }
    }

    /// Hashes a file the gate let through and queues it; 1 when queued or superseding its item.
    func take(_ file: Found, isCancelled: () -> Bool) throws -> Int {
        let url = file.url
        let mtime = file.modified.timeIntervalSince1970
        do {
            if file.size >= 256 << 20 { logger.info("hashing \(url.path) (\(file.size >> 20) MiB)") }
            let sha = try FileHasher.sha256(of: url, isCancelled: isCancelled)
            // Changed while hashed: the next scan takes it once it is stable.
            let after = try FileManager.default.attributesOfItem(atPath: url.path)
            guard (after[.size] as? NSNumber)?.int64Value == file.size, (after[.modificationDate] as? Date)?.timeIntervalSince1970 == mtime else {
                return 0
            }
            let result = try store.intake(
                path: url.path, sha256: sha, size: file.size, mtime: mtime, contentType: file.contentType, sessionKey: file.sessionKey,
                frameCount: file.frameCount, cameraLabel: file.cameraLabel, device: MissingFile.device(of: url.path))
            problems.taken(path: url.path)
            switch result {
            case .queued(let item):
                logger.info("queued \(item.path) (\(item.size) bytes, \(Self.detail(item)))")
                return 1
            case .superseded(let item, let previousSize):
                logger.notice(
                    "\(item.path) changed after it was queued (\(previousSize) → \(item.size) bytes): item \(item.id) now sends the new bytes (\(Self.detail(item)))")
                return 1
            case .moved(let item, let from):
                logger.notice(
                    from == item.path
                        ? "\(item.path) is back; its queue item \(item.id) goes on" : "\(from) moved to \(item.path); its queue item \(item.id) follows it")
            case .duplicate(let other):
                logger.notice("\(url.path) has the same bytes as queued item \(other); not uploaded twice")
            case .unchanged:
                break
            }
        } catch let error as CancellationError {
            throw error
        } catch {
            if problems.failed(path: url.path, reason: Self.reason(error)) {
                logger.error("cannot take \(url.path): \(error) (tried again at every scan; `relay-agent status` lists it)")
            }
        }
        return 0
    }

    static func detail(_ item: UploadItem) -> String {
        item.cameraLabel.map { "camera \($0)" } ?? "angle \(item.angleDeg.map { "\($0)" } ?? "-")\(item.reshoot ? ", reshoot" : "")"
    }
}
