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

    /// Scans every watch folder; returns how many files were queued.
    @discardableResult
    func scanAll(now: Date = Date()) -> Int {
        configuration.watchFolders.reduce(0) { $0 + scan(root: $1, now: now) }
    }

    func scan(root: URL, now: Date = Date()) -> Int {
        let scanner = FolderScanner(settle: configuration.settleSeconds)
        let candidates: [FolderScanner.Candidate]
        do {
            candidates = try scanner.scan(root: root, now: now)
        } catch {
            logger.error("cannot scan \(root.path): \(error)")
            return 0
        }
        var queued = 0
        for candidate in candidates {
            let mtime = candidate.modified.timeIntervalSince1970
            do {
                if try store.wasSeen(path: candidate.url.path, size: candidate.size, mtime: mtime) { continue }
                let sha = try FileHasher.sha256(of: candidate.url)
                // Changed while hashed: the next scan takes it once it is stable.
                let after = try FileManager.default.attributesOfItem(atPath: candidate.url.path)
                guard (after[.size] as? NSNumber)?.int64Value == candidate.size,
                    (after[.modificationDate] as? Date)?.timeIntervalSince1970 == mtime
                else { continue }
                let frameCount = configuration.sessionMode == "studio360" ? configuration.frameCount : nil
                switch try store.intake(
                    path: candidate.url.path, sha256: sha, size: candidate.size, mtime: mtime, contentType: candidate.contentType,
                    sessionKey: candidate.folder.name, frameCount: frameCount)
                {
                case .queued(let item):
                    queued += 1
                    logger.info("queued \(item.path) (\(item.size) bytes, angle \(item.angleDeg.map { "\($0)" } ?? "-"))")
                case .duplicate(let other):
                    logger.notice("\(candidate.url.path) has the same bytes as queued item \(other); not uploaded twice")
                }
            } catch {
                logger.error("cannot take \(candidate.url.path): \(error)")
            }
        }
        return queued
    }
}
