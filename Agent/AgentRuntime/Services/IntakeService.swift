import AgentCore
import AgentStore
import Foundation
import RelayAPI
import RelayConcurrency
import ServiceLifecycle

/// Intake: watches the folders (inotify), tells systemd `READY=1`, then scans them all; after that it
/// scans what inotify says changed once it has settled (that file, that new folder; everything after
/// lost events), the files the `IntakeGate` waits for when their wait ends, the folders no watch covers
/// every few seconds, and everything every `rescan_seconds`.
///
/// `READY=1` comes before the first scan: hashing a new 11 GB recording takes minutes, longer than any
/// start timeout, and a start killed for it would be retried on the same file forever. Scans run off the
/// cooperative threads; graceful shutdown cancels one under way (a hash stops between 1 MiB chunks) and
/// what it had not queued is taken at the next start. Running out of inotify watches degrades to
/// scanning; it never stops the start.
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
        // Watched before the first scan, so nothing written meanwhile is missed.
        let watches = WatchKeeper(configuration: configuration, logger: resources.logger)
        defer { watches.stop() }
        await recordWatches(watches, store: resources.store)
        notifier.ready(status: try resources.statusLine())
        resources.logger.info("relay-agent \(RelayVersion.current) watching \(configuration.allFolders.map(\.path).joined(separator: ", "))")
        let pool = OffCooperativePool(label: "relay-agent.intake")
        let schedule = ScanSchedule()
        let settle = Duration.seconds(configuration.settleSeconds + 0.25)

        /// One scan, cancelled by graceful shutdown; then a look again at the files the gate waits for
        /// when the earliest wait ends.
        @Sendable func scan(_ plan: ScanPlan, now: Date) async {
            do {
                let queued = try await cancelWhenGracefulShutdown {
                    try await pool.run { isCancelled in try intake.scan(plan, now: now, isCancelled: isCancelled) }
                }
                if queued > 0 { resources.logger.info("\(queued) new files") }
            } catch is CancellationError {
                resources.logger.info("intake scan stopped at shutdown; the rest is taken at the next start")
            } catch {
                resources.logger.error("intake scan failed: \(error)")
            }
            if let due = intake.gate.nextDue {
                let at = ContinuousClock.now + .seconds(max(0, due - ProcessInfo.processInfo.systemUptime) + 0.1)
                for target in waitingTargets(intake.gate.waiting, roots: watches.roots) { schedule.changed(target, settledAt: at) }
            }
        }

        await scan(.everything(configuration.allFolders), now: Date())
        // Files still settling at the first scan raise no more events: look again once they are settled.
        for root in configuration.allFolders { schedule.changed(ScanPlan.Target(root: root), settledAt: .now + settle) }
        try await withThrowingDiscardingTaskGroup { group in
            for root in watches.roots {
                guard let watcher = root.watcher else { continue }
                group.addTask {
                    for try await change in watcher.changes().cancelOnGracefulShutdown() {
                        schedule.changed(watches.noted(change, in: root), settledAt: .now + settle)
                    }
                }
            }
            group.addTask {
                // Periods on the monotonic clock; `now` (wall) only for the scanners' settle rule.
                var lastFull = ContinuousClock.now, lastUnwatched = ContinuousClock.now
                try await runPeriodically(every: tick) {
                    let now = Date(), tickAt = ContinuousClock.now
                    var plan = schedule.takeDue(now: tickAt)
                    if tickAt - lastUnwatched >= .seconds(watches.degradedScanSeconds) {
                        plan.merge(watches.unwatchedPlan())
                        lastUnwatched = tickAt
                        await recordWatches(watches, store: resources.store)
                    }
                    let full = tickAt - lastFull >= .seconds(configuration.rescanSeconds)
                    if full {
                        plan = .everything(configuration.allFolders)
                        lastFull = tickAt
                    }
                    guard !plan.isEmpty else { return }
                    await scan(plan, now: now)
                    if full {
                        let store = resources.store
                        _ = try? await pool.run { _ in watches.maintain { key in (try? store.sessionFinished(key: key)) ?? false } }
                        await recordWatches(watches, store: store)
                    }
                }
            }
        }
    }

    /// The scan targets of files the gate waits for: each file alone (its session folder, below a
    /// recording root).
    func waitingTargets(_ paths: [String], roots: [WatchKeeper.Root]) -> [ScanPlan.Target] {
        paths.compactMap { path in
            guard let root = roots.first(where: { path.hasPrefix($0.url.path.hasSuffix("/") ? $0.url.path : $0.url.path + "/") }) else { return nil }
            return ScanPlan.Target(.file(URL(fileURLWithPath: path)), root: root.url, depth: root.depth)
        }
    }

    /// Records the watch figures for `status` when they changed.
    func recordWatches(_ watches: WatchKeeper, store: UploadQueueStore) async {
        let values = watches.statusValues()
        guard watches.recorded.withLock({ $0 }) != values else { return }
        if (try? await store.setStatus(values)) != nil { watches.recorded.withLock { $0 = values } }
    }
}
