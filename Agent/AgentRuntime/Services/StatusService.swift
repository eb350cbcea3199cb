import AgentCore
import AgentStore
import ServiceLifecycle

/// Every 2 s: flushes what the daemon knows to the status table (for `relay-agent status`), tells systemd
/// (`STATUS=`), and pings the watchdog while the queue database answers.
///
/// A full state disk still gets its pings: the database answered (with "full"), the daemon goes on with
/// what needs no writes and continues once space returns, and a restart would free nothing — it would
/// only turn a full disk into a restart loop. Any other failure to record the status (a wedged or
/// unreadable database) stops the pings, so systemd restarts a daemon that no longer works.
struct StatusService: Service {
    let opener: DaemonResourcesOpener
    let notifier = SystemdNotifier()

    func run() async throws {
        let resources = try opener.resources()
        let watchdog = notifier.watchdogInterval()
        var lastPing = ContinuousClock.now
        func ping() {
            if let watchdog, ContinuousClock.now - lastPing >= watchdog {
                notifier.watchdog()
                lastPing = .now
            }
        }
        try await runPeriodically(every: .seconds(2)) {
            do {
                let values = await resources.statusValues()
                try await resources.store.setStatus(values)
                notifier.status(try resources.statusLine())
                ping()
            } catch {
                let reason = FailureText.describe(error)
                resources.logger.error("status not recorded: \(reason)")
                notifier.status("error: \(reason)")
                if UploadQueueStore.isDiskFull(error) { ping() }
            }
        }
    }
}
