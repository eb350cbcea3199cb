import AgentCore
import AgentStore
import Foundation

/// A queued file that is not at its path, or not with its queued size, when a step needs its bytes. It
/// waits rather than ends: an unmounted share comes back, a renamed session folder is followed by intake
/// (`UploadQueueStore.follow`, which makes the item due at once), a file rewritten with other bytes is
/// taken again by intake. Only a file gone from storage that is there, for `missingFileGiveUp`, ends
/// the item — rejected with `UploadQueueStore.fileGoneReason`, so that a move found later still brings
/// it back.
extension UploadStep {
    /// How long a file may be gone from storage that is present before its item is rejected.
    static let missingFileGiveUp: TimeInterval = 86_400
    /// How often a waiting item looks for its file again (intake wakes it sooner when it finds a move).
    static let missingFileRetry: TimeInterval = 15

    /// False when the file is there with its queued size. Otherwise records the wait (or, after
    /// `missingFileGiveUp`, the rejection) and returns true: the step must not go on.
    func fileUnavailable(_ item: UploadItem, events: @escaping @Sendable (UploadItem) -> [OutboxEvent], now: Date = Date()) async throws -> Bool {
        let size = (try? FileManager.default.attributesOfItem(atPath: item.path))?[.size] as? NSNumber
        let waiting: Bool
        let reason: String
        let missingFor = item.missingSince.map { now.timeIntervalSince1970 - $0 } ?? 0
        if let size {
            guard size.int64Value != item.size else {
                if item.missingSince != nil { try await store.fileFound(id: item.id) }
                return false
            }
            reason = "waiting: the file changed after it was queued (\(item.size) bytes then, \(size.int64Value) now); its new bytes are taken once they settle: \(item.path)"
            waiting = missingFor < Self.missingFileGiveUp
        } else {
            let root = configuration.allFolders.map(\.path).first { item.path.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }
            let verdict = MissingFile.judge(path: item.path, root: root, device: item.fileDevice)
            reason = verdict.reason(path: item.path)
            waiting = verdict.keepsWaiting(missingFor: missingFor, giveUpAfter: Self.missingFileGiveUp)
        }
        if waiting {
            if item.missingSince == nil { logger.warning("\(reason)") }
            try await store.waitForFile(
                id: item.id, expected: item.state, until: now.addingTimeInterval(Self.missingFileRetry), reason: reason, now: now)
        } else {
            let final = "\(UploadQueueStore.fileGoneReason) (missing for \(Int(missingFor / 3600)) h): \(item.path)"
            logger.error("\(final)")
            try await record(item, .failed(.permanent(reason: final)), events: events)
        }
        return true
    }
}
