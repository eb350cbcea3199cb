import AgentCore
import ServiceLifecycle

/// Every 2 s: flushes what the daemon knows to the status table (for `relay-agent status`), tells systemd
/// (`STATUS=`), and pings the watchdog while the queue database answers.
struct StatusService: Service {
    let opener: DaemonResourcesOpener
    let notifier = SystemdNotifier()

    func run() async throws {
        let resources = try opener.resources()
        let watchdog = notifier.watchdogInterval()
        var lastPing = ContinuousClock.now
        try await runPeriodically(every: .seconds(2)) {
            do {
                let values = await resources.statusValues()
                try await resources.store.setStatus(values)
                notifier.status(try resources.statusLine())
                if let watchdog, ContinuousClock.now - lastPing >= watchdog {
                    notifier.watchdog()
                    lastPing = .now
                }
            } catch {
                // No ping: if the database stays unwritable systemd restarts us, which is the right call.
                let reason = FailureText.describe(error)
                resources.logger.error("status not recorded: \(reason)")
                notifier.status("error: \(reason)")
            }
        }
    }
}
