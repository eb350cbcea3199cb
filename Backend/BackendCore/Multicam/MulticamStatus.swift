import Foundation

/// Seed 000's session status, derived from the session's assets (pure, table-tested).
///
/// `draft` (no assets) → `ingesting` (an asset is uploading or being ingested) → `ready` (every asset
/// ready or failed). Sync, when it exists, inserts `syncing` and `needs-review` before `ready`.
package enum MulticamStatus {
    package struct Summary: Sendable, Equatable {
        package var status: String
        package var total: Int
        /// Assets whose original is stored (upload completed).
        package var ingested: Int
        /// Assets with every derivative stored.
        package var ready: Int
        package var failed: Int
        /// All assets ready, none failed (and, with two or more cameras, sync approved).
        package var readyForNextPhase: Bool
    }

    /// `syncState` is `nil` (never computed), `running`, or the operator status after computing
    /// (`pending`, `approved`, `corrected`). `cameras` is the number of distinct cameras (a camera may
    /// have several files); nil counts each asset as a camera.
    package static func summarize(_ assets: [AssetRecord.Status], syncState: String? = nil, cameras: Int? = nil) -> Summary {
        let total = assets.count
        let ready = assets.filter { $0 == .ready }.count
        let failed = assets.filter { $0 == .failed }.count
        let ingested = assets.filter { $0 != .uploading }.count
        let status: String
        if total == 0 {
            status = "draft"
        } else if assets.contains(where: { $0 == .uploading || $0 == .ingesting }) {
            status = "ingesting"
        } else if syncState == "running" {
            status = "syncing"
        } else if syncState == "pending" {
            status = "needs-review"
        } else {
            status = "ready"
        }
        let syncDone = (cameras ?? total) < 2 || syncState == "approved" || syncState == "corrected"
        return Summary(
            status: status, total: total, ingested: ingested, ready: ready, failed: failed,
            readyForNextPhase: status == "ready" && failed == 0 && total > 0 && syncDone)
    }
}
