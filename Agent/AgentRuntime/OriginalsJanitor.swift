import AgentCore
import AgentStore
import Foundation
import Logging
import Synchronization

/// Deletes uploaded files once the backend has acknowledged their bytes and `delete_originals_after_hours`
/// have passed (DESIGN §6). Each acknowledged item is looked at once: its file is deleted only if it still
/// holds exactly the acknowledged bytes — for a recording, also the bytes of every part the store holds
/// (`OriginalRemoval`); what happened is recorded on the item.
///
/// - Only files under the folders configured now; a folder that is missing (an unmounted disk) is
///   skipped rather than its files recorded as gone, and so is a file whose storage is not there (the
///   deepest folder left on its way is on another device than the file was: a share unmounted from
///   under a watch folder leaves the empty directory below, `MissingFile`) — looked at again after
///   `unavailableRetry`.
/// - Folders are never removed: tethering software may still be writing the next frame into them.
/// - Rejected items keep their files, and so do copies of an uploaded file under another name (intake
///   took them as duplicates; they were never queue items).
/// - A file that cannot be deleted (permissions, a read-only mount) is reported once and tried again
///   after `retryAfter`; it does not hold up the files behind it.
/// - Time is the backend's: acknowledgements are stamped by the server's clock and the hours counted by
///   it (`ServerClock`, carried by the monotonic clock between answers), so an NTP step of this machine's
///   clock — an hour forward, a box that booted in 1970 — deletes nothing early. Until the backend has
///   answered once in this run the server's time is unknown and nothing is deleted.
final class OriginalsJanitor: Sendable {
    let store: UploadQueueStore
    let afterHours: Double
    let roots: [URL]
    let logger: Logger
    let retryAfter: TimeInterval
    /// How soon a file whose storage was away is looked at again.
    let unavailableRetry: TimeInterval = 20
    /// The server's time now (nil before its first answer).
    let serverNow: @Sendable () -> Date?
    let reported = ReportedPaths()
    /// Item id → when to try a file that could not be deleted again.
    private let failed = Mutex<[String: Date]>([:])

    init(
        store: UploadQueueStore, afterHours: Double, roots: [URL], logger: Logger, retryAfter: TimeInterval = 600,
        serverNow: @escaping @Sendable () -> Date? = { Date() }
    ) {
        self.serverNow = serverNow
        self.store = store
        self.afterHours = afterHours
        self.roots = roots
        self.logger = logger
        self.retryAfter = retryAfter
    }

    /// One pass; returns the number of files deleted.
    @discardableResult
    func sweep(now: Date = Date(), isCancelled: () -> Bool = { false }) throws -> Int {
        let present = roots.filter { root in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
        let excluded = failed.withLock { failed in
            failed = failed.filter { $0.value > now }
            return Set(failed.keys)
        }
        var deleted = 0
        guard let serverNow = serverNow() else { return 0 }
        let due = try store.originalsDue(
            acknowledgedBy: serverNow.addingTimeInterval(-afterHours * 3600), roots: present.map(\.path), excluding: excluded)
        for item in due {
            if isCancelled() { throw CancellationError() }
            let disposal: OriginalDisposal
            do {
                disposal = try OriginalRemoval.removeIfUnchanged(
                    path: item.path, sha256: item.sha256, size: item.size, parts: try store.storedParts(of: item), isCancelled: isCancelled)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                failed.withLock { $0[item.id] = now.addingTimeInterval(retryAfter) }
                if reported.first(item.path) { logger.error("original not deleted: \(error); tried again every \(Int(retryAfter / 60)) min") }
                continue
            }
            if disposal == .gone, case .storageUnavailable(let folder) = MissingFile.judge(path: item.path, root: root(of: item.path), device: item.fileDevice) {
                failed.withLock { $0[item.id] = now.addingTimeInterval(unavailableRetry) }
                if reported.first(folder) { logger.warning("originals under \(folder) not looked at: its disk or share is not mounted") }
                continue
            }
            try store.recordOriginal(id: item.id, disposal)
            switch disposal {
            case .deleted:
                deleted += 1
                logger.info("deleted \(item.path): its bytes are on the server (sha256 \(item.sha256.prefix(12))…)")
            case .gone: logger.info("\(item.path) was already gone")
            case .changed: logger.notice("kept \(item.path): it no longer holds the uploaded bytes")
            case .unverified: logger.warning("kept \(item.path): the store's parts could not be matched to the file")
            }
        }
        return deleted
    }

    /// The configured folder `path` is under.
    func root(of path: String) -> String? {
        roots.map(\.path).first { path.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }
    }
}
