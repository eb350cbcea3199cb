import AgentCore
import AgentStore
import Foundation
import Logging

/// Deletes uploaded files once the backend has acknowledged their bytes and `delete_originals_after_hours`
/// have passed (DESIGN §6). Each acknowledged item is looked at once: its file is deleted only if it still
/// holds exactly the acknowledged bytes (`OriginalRemoval`); what happened is recorded on the item.
/// Folders are never removed — tethering software may still be writing the next frame into them — and
/// rejected items keep their files. A file that cannot be deleted (permissions) is retried on every
/// sweep and reported once.
struct OriginalsJanitor: Sendable {
    let store: UploadQueueStore
    let afterHours: Double
    let logger: Logger
    let reported = ReportedPaths()

    /// One pass; returns the number of files deleted.
    @discardableResult
    func sweep(now: Date = Date()) throws -> Int {
        var deleted = 0
        for item in try store.originalsDue(acknowledgedBy: now.addingTimeInterval(-afterHours * 3600)) {
            try Task.checkCancellation()
            let disposal: OriginalDisposal
            do {
                disposal = try OriginalRemoval.removeIfUnchanged(path: item.path, sha256: item.sha256, size: item.size)
            } catch {
                if reported.first(item.path) { logger.error("original not deleted: \(error); the agent tries again") }
                continue
            }
            try store.recordOriginal(id: item.id, disposal)
            switch disposal {
            case .deleted:
                deleted += 1
                logger.info("deleted \(item.path): its bytes are on the server (sha256 \(item.sha256.prefix(12))…)")
            case .gone: logger.info("\(item.path) was already gone")
            case .changed: logger.notice("kept \(item.path): it no longer holds the uploaded bytes")
            }
        }
        return deleted
    }
}
