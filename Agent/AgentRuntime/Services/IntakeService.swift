import AgentCore
import Foundation
import RelayAPI
import RelayConcurrency
import ServiceLifecycle

/// Intake: watches the folders (inotify), tells systemd `READY=1`, then scans them all, and again when
/// watched changes have settled, when a file waiting in the `IntakeGate` is due, and every
/// `rescan_seconds`. `READY=1` comes before the first scan: hashing a new 11 GB recording takes minutes,
/// longer than any start timeout, and a start killed for it would be retried on the same file forever.
/// Scans run off the cooperative threads; graceful shutdown cancels one under way (a hash stops between
/// 1 MiB chunks) and what it had not queued is taken at the next start.
struct IntakeService: Service {
    let opener: DaemonResourcesOpener
    let notifier = SystemdNotifier()
    /// How often the scan schedule is looked at.
    let tick: Duration = .milliseconds(250)

    func run() async throws {
        let resources = try opener.resources()
        let configuration = resources.configuration
        let intake = IntakeScanner(store: resources.store, configuration: configuration, logger: resources.logger)
        // Watched before the first scan, so nothing written meanwhile is missed.
        let watchers =
            try configuration.watchFolders.map { try FolderWatcher(root: $0) }
            + configuration.recordingFolders.map { try FolderWatcher(root: $0, depth: 2) }
        defer { watchers.forEach { $0.stop() } }
        notifier.ready(status: try resources.statusLine())
        resources.logger.info("relay-agent \(RelayVersion.current) watching \(configuration.allFolders.map(\.path).joined(separator: ", "))")
        let pool = OffCooperativePool(label: "relay-agent.intake")
        // Earliest and latest moment a watched change is settled; a scan runs at the earliest, and again at
        // the latest when changes kept coming.
        let schedule = ScanSchedule()
        let settle = configuration.settleSeconds + 0.25
        /// One scan, cancelled by graceful shutdown; then a look again when the gate's earliest wait ends.
        @Sendable func scan(now: Date) async {
            do {
                let queued = try await cancelWhenGracefulShutdown {
                    try await pool.run { isCancelled in try intake.scanAll(now: now, isCancelled: isCancelled) }
                }
                if queued > 0 { resources.logger.info("\(queued) new files") }
            } catch is CancellationError {
                resources.logger.info("intake scan stopped at shutdown; the rest is taken at the next start")
            } catch {
                resources.logger.error("intake scan failed: \(error)")
            }
            if let due = intake.gate.nextDue {
                schedule.changed(settledAt: Date().addingTimeInterval(max(0, due - ProcessInfo.processInfo.systemUptime) + 0.1))
            }
        }
        await scan(now: Date())
        // Files still settling at the first scan raise no more events: look again once they are settled.
        schedule.changed(settledAt: Date().addingTimeInterval(settle))
        try await withThrowingDiscardingTaskGroup { group in
            for watcher in watchers {
                group.addTask {
                    for try await _ in watcher.changes().cancelOnGracefulShutdown() {
                        schedule.changed(settledAt: Date().addingTimeInterval(settle))
                    }
                }
            }
            group.addTask {
                var lastFull = Date()
                try await runPeriodically(every: tick) {
                    let now = Date()
                    let watched = schedule.takeDue(now: now)
                    guard watched || now.timeIntervalSince(lastFull) >= configuration.rescanSeconds else { return }
                    await scan(now: now)
                    if !watched { lastFull = now }
                }
            }
        }
    }
}
