import AgentStore
import Foundation
import RelayConcurrency
import ServiceLifecycle

/// At start and then hourly: prunes the queue database of what `retention_days` says is done
/// (`UploadQueueStore.prune`), off the cooperative threads (it stats the files it considers). "Hourly" is
/// an hour by either clock, looked at every minute: the monotonic one for a box that runs on, the wall
/// clock for one whose clock jumped ahead (a box without a clock battery syncing after a week off, or the
/// soak's accelerated clock) — the retention cutoff is a wall-clock date, so that is when rows fall due.
struct RetentionService: Service {
    let opener: DaemonResourcesOpener
    let every: TimeInterval = 3600
    let lookEvery: Duration = .seconds(60)

    func run() async throws {
        let resources = try opener.resources()
        let days = resources.configuration.retentionDays
        let pool = OffCooperativePool(label: "relay-agent.retention")
        var last: (wall: Date, monotonic: ContinuousClock.Instant)?
        try await runPeriodically(every: lookEvery) {
            let now = (wall: Date(), monotonic: ContinuousClock.now)
            if let last, now.wall.timeIntervalSince(last.wall) < every, last.monotonic.duration(to: now.monotonic) < .seconds(every) {
                return
            }
            last = now
            do {
                let cutoff = Date().addingTimeInterval(-days * 86_400)
                let pruned = try await pool.run { _ in
                    let gone = GoneFiles(roots: resources.configuration.allFolders)
                    return try resources.store.prune(finishedBefore: cutoff, isGone: gone.isGone)
                }
                if pruned != UploadQueueStore.Pruned() {
                    resources.logger.info(
                        "retention (\(days) days): \(pruned.items) finished items, \(pruned.seenFiles) seen-file records, \(pruned.partURLs) part URLs removed")
                }
            } catch {
                resources.logger.error("queue not pruned: \(FailureText.describe(error))")
            }
        }
    }
}

/// Whether a queued path's file is gone for good as far as retention can tell: it is not there, and the
/// watch folder it was under is there and holds something. An empty or missing watch folder is more
/// likely a share or disk that is not mounted than an archive deleted: nothing under it counts as gone.
/// The watch folders are looked at once, when this is made (once per prune).
struct GoneFiles: Sendable {
    /// Watch folder prefixes (`/x/`), and whether each is there and not empty.
    let roots: [(prefix: String, present: Bool)]

    init(roots: [URL]) {
        self.roots = roots.map { root in
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
            return (root.path.hasSuffix("/") ? root.path : root.path + "/", entries.contains { !$0.hasPrefix(".") })
        }
    }

    func isGone(_ path: String) -> Bool {
        guard !FileManager.default.fileExists(atPath: path) else { return false }
        // A path under no watch folder (one since removed from the configuration) counts as gone.
        return roots.first { path.hasPrefix($0.prefix) }?.present ?? true
    }
}
