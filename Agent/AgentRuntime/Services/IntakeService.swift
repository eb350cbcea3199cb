import AgentCore
import AgentStore
import Foundation
import RelayAPI
import RelayConcurrency
import ServiceLifecycle

/// Intake: watches the folders (inotify), scans them all at start — then tells systemd `READY=1` — and
/// then scans what inotify says changed once it has settled (that file, that new folder; everything
/// after lost events), the folders no watch covers every few seconds, and everything every
/// `rescan_seconds`. Hashing new files can take minutes (a recording), so scans run off the cooperative
/// threads; a scan under way at shutdown is finished.
struct IntakeService: Service {
    let opener: DaemonResourcesOpener
    let notifier = SystemdNotifier()
    /// How often the scan schedule is looked at.
    let tick: Duration = .milliseconds(250)

    func run() async throws {
        let resources = try opener.resources()
        let configuration = resources.configuration
        let intake = IntakeScanner(
            store: resources.store, configuration: configuration, logger: resources.logger, problems: resources.intakeProblems)
        // Watched before the first scan, so nothing written meanwhile is missed. Running out of inotify
        // watches degrades to scanning; it never stops the start.
        let watches = WatchKeeper(configuration: configuration, logger: resources.logger)
        defer { watches.stop() }
        let pool = OffCooperativePool(label: "relay-agent.intake")
        let queued = try await pool.run { _ in intake.scanAll() }
        resources.logger.info(
            "relay-agent \(RelayVersion.current) watching \(configuration.allFolders.map(\.path).joined(separator: ", ")); \(queued) new files")
        await recordWatches(watches, store: resources.store)
        notifier.ready(status: try resources.statusLine())

        let schedule = ScanSchedule()
        let settle = configuration.settleSeconds + 0.25
        // Files still settling at the first scan raise no more events: look again once they are settled.
        for root in configuration.allFolders { schedule.changed(ScanPlan.Target(root: root), settledAt: Date().addingTimeInterval(settle)) }
        try await withThrowingDiscardingTaskGroup { group in
            for root in watches.roots {
                guard let watcher = root.watcher else { continue }
                group.addTask {
                    for try await change in watcher.changes().cancelOnGracefulShutdown() {
                        schedule.changed(watches.noted(change, in: root), settledAt: Date().addingTimeInterval(settle))
                    }
                }
            }
            group.addTask {
                var lastFull = Date(), lastUnwatched = Date()
                try await runPeriodically(every: tick) {
                    let now = Date()
                    var plan = schedule.takeDue(now: now)
                    if now.timeIntervalSince(lastUnwatched) >= watches.degradedScanSeconds {
                        plan.merge(watches.unwatchedPlan())
                        lastUnwatched = now
                        await recordWatches(watches, store: resources.store)
                    }
                    let full = now.timeIntervalSince(lastFull) >= configuration.rescanSeconds
                    if full {
                        plan = .everything(configuration.allFolders)
                        lastFull = now
                    }
                    guard !plan.isEmpty else { return }
                    _ = try? await pool.run { [plan] _ in intake.scan(plan, now: now) }
                    if full {
                        let store = resources.store
                        _ = try? await pool.run { _ in watches.maintain { key in (try? store.sessionFinished(key: key)) ?? false } }
                        await recordWatches(watches, store: store)
                    }
                }
            }
        }
    }

    /// Records the watch figures for `status` when they changed.
    func recordWatches(_ watches: WatchKeeper, store: UploadQueueStore) async {
        let values = watches.statusValues()
        guard watches.recorded.withLock({ $0 }) != values else { return }
        if (try? await store.setStatus(values)) != nil { watches.recorded.withLock { $0 = values } }
    }
}
