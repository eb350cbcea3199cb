import RelayConcurrency
import ServiceLifecycle

/// With `delete_originals_after_hours`: every 5 s deletes the files whose bytes the backend acknowledged
/// long enough ago (`OriginalsJanitor`), off the cooperative threads. A sweep under way at shutdown stops
/// between files.
struct OriginalsService: Service {
    let opener: DaemonResourcesOpener
    let afterHours: Double

    func run() async throws {
        let resources = try opener.resources()
        let clock = resources.keeper.clock
        let janitor = OriginalsJanitor(
            store: resources.store, afterHours: afterHours, roots: resources.configuration.allFolders, logger: resources.logger,
            serverNow: { clock.now() })
        let pool = OffCooperativePool(label: "relay-agent.originals")
        try await runPeriodically(every: .seconds(5)) {
            do {
                _ = try await cancelWhenGracefulShutdown { try await pool.run { isCancelled in try janitor.sweep(isCancelled: isCancelled) } }
            } catch is CancellationError {
            } catch {
                resources.logger.error("originals not swept: \(FailureText.describe(error))")
            }
        }
    }
}
