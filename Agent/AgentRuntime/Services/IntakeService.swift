import AgentCore
import Foundation
import RelayAPI
import RelayConcurrency
import ServiceLifecycle

/// Intake: watches the folders (inotify), scans them all at start — then tells systemd `READY=1` — and
/// again when watched changes have settled and every `rescan_seconds`. Hashing new files can take minutes
/// (a recording), so scans run off the cooperative threads; a scan under way at shutdown is finished.
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
        let watchers =
            try configuration.watchFolders.map { try FolderWatcher(root: $0) }
            + configuration.recordingFolders.map { try FolderWatcher(root: $0, depth: 2) }
        defer { watchers.forEach { $0.stop() } }
        let pool = OffCooperativePool(label: "relay-agent.intake")
        let queued = try await pool.run { _ in intake.scanAll() }
        resources.logger.info(
            "relay-agent \(RelayVersion.current) watching \(configuration.allFolders.map(\.path).joined(separator: ", ")); \(queued) new files")
        notifier.ready(status: try resources.statusLine())

        // Earliest and latest moment a watched change is settled; a scan runs at the earliest, and again at
        // the latest when changes kept coming.
        let schedule = ScanSchedule()
        let settle = configuration.settleSeconds + 0.25
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
                    _ = try? await pool.run { _ in intake.scanAll(now: now) }
                    if !watched { lastFull = now }
                }
            }
        }
    }
}
