import AgentCore
import AgentStore
import Foundation
import Logging

/// Turns files in the watch folders into queue items: stable files (the scanner's settle rule) not seen
/// before with this size and mtime are hashed, checked unchanged after hashing, and queued with their
/// angle in one transaction. Files whose bytes are already queued are recorded as seen and skipped.
struct IntakeScanner: Sendable {
    let store: UploadQueueStore
    let configuration: AgentConfiguration
    let logger: Logger
    /// Files that could not be taken, for `status` and the heartbeat.
    var problems = IntakeProblems()
    let unlabelledReported = ReportedPaths()
    /// How many files scans looked at (tests and the scan benchmark).
    let counter = ScanCounter()

    /// An error as the operator needs it: the system's words for a refused open ("Permission denied").
    static func reason(_ error: any Error) -> String {
        if let posix = error as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return "\(error)"
    }

    /// Scans every watch folder; returns how many files were queued.
    @discardableResult
    func scanAll(now: Date = Date()) -> Int {
        configuration.watchFolders.reduce(0) { $0 + scan(root: $1, now: now) }
            + configuration.recordingFolders.reduce(0) { $0 + scanRecordings(root: $1, now: now) }
    }

    /// The queue's session key of a recording folder (apart from capture folders of the same name).
    static func recordingKey(_ folder: RecordingFolder) -> String { "recording:" + folder.name }

    func scanRecordings(root: URL, now: Date = Date(), only selection: ScanSelection? = nil) -> Int {
        let found: (candidates: [RecordingScanner.Candidate], unlabelled: [URL])
        do {
            found = try RecordingScanner(settle: configuration.settleSeconds).scan(root: root, now: now, only: selection)
            counter.add(found.candidates.count)
        } catch {
            logger.error("cannot scan \(root.path): \(error)")
            return 0
        }
        for url in found.unlabelled where unlabelledReported.first(url.path) {
            logger.warning("\(url.path) names no camera: put it in a camera folder (A/ … Z/) or start its name with the label (A_…)")
        }
        return found.candidates.reduce(0) { count, candidate in
            count + take(
                url: candidate.url, size: candidate.size, modified: candidate.modified, contentType: candidate.contentType,
                sessionKey: Self.recordingKey(candidate.folder), frameCount: nil, cameraLabel: candidate.cameraLabel)
        }
    }

    func scan(root: URL, now: Date = Date(), only selection: ScanSelection? = nil) -> Int {
        let scanner = FolderScanner(settle: configuration.settleSeconds)
        let candidates: [FolderScanner.Candidate]
        do {
            candidates = try scanner.scan(root: root, now: now, only: selection)
            counter.add(candidates.count)
        } catch {
            logger.error("cannot scan \(root.path): \(error)")
            return 0
        }
        let frameCount = configuration.sessionMode == "studio360" ? configuration.frameCount : nil
        return candidates.reduce(0) { count, candidate in
            count + take(
                url: candidate.url, size: candidate.size, modified: candidate.modified, contentType: candidate.contentType,
                sessionKey: candidate.folder.name, frameCount: frameCount, cameraLabel: nil)
        }
    }

    /// Hashes a stable file not seen before and queues it; 1 when queued.
    func take(url: URL, size: Int64, modified: Date, contentType: String, sessionKey: String, frameCount: Int?, cameraLabel: String?) -> Int {
        let mtime = modified.timeIntervalSince1970
        do {
            if try store.wasSeen(path: url.path, size: size, mtime: mtime) { return 0 }
            let sha = try FileHasher.sha256(of: url)
            // Changed while hashed: the next scan takes it once it is stable.
            let after = try FileManager.default.attributesOfItem(atPath: url.path)
            guard (after[.size] as? NSNumber)?.int64Value == size, (after[.modificationDate] as? Date)?.timeIntervalSince1970 == mtime else {
                return 0
            }
            switch try store.intake(
                path: url.path, sha256: sha, size: size, mtime: mtime, contentType: contentType, sessionKey: sessionKey,
                frameCount: frameCount, cameraLabel: cameraLabel, device: MissingFile.device(of: url.path))
            {
            case .queued(let item):
                let detail = item.cameraLabel.map { "camera \($0)" } ?? "angle \(item.angleDeg.map { "\($0)" } ?? "-")\(item.reshoot ? ", reshoot" : "")"
                logger.info("queued \(item.path) (\(item.size) bytes, \(detail))")
                problems.taken(path: url.path)
                return 1
            case .moved(let item, let from):
                logger.notice("\(from) moved to \(item.path); its queue item \(item.id) follows it")
            case .duplicate(let other):
                logger.notice("\(url.path) has the same bytes as queued item \(other); not uploaded twice")
            }
        } catch {
            if problems.failed(path: url.path, reason: Self.reason(error)) {
                logger.error("cannot take \(url.path): \(error) (tried again at every scan; `relay-agent status` lists it)")
            }
            return 0
        }
        problems.taken(path: url.path)
        return 0
    }
}
