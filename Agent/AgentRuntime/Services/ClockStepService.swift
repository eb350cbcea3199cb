import AgentStore
import Foundation
import ServiceLifecycle

/// Every 2 s looks for a step of the wall clock (`WallClockWatch`). The queue's retry times are wall-clock
/// instants: after a step back of an hour every queued item would wait an extra hour, after a step
/// forward every backoff would end at once. So on a step they move with the clock — keeping each item's
/// wait — and items waiting for an upload window are woken to be checked against the windows again.
/// (In-memory timers use the monotonic clock and need nothing.)
struct ClockStepService: Service {
    let opener: DaemonResourcesOpener

    func run() async throws {
        let resources = try opener.resources()
        let watch = WallClockWatch()
        _ = watch.step()
        try await runPeriodically(every: .seconds(2)) {
            // A step forward only ends waits early (harmless); a step back would stretch them by the step.
            // Retry times set after the step (new items, new backoffs) are near now; those set before it
            // lie at least half the step ahead: only those move.
            guard let step = watch.step(), step < 0 else { return }
            do {
                let moved = try await resources.store.shiftRetries(by: step, after: Date().timeIntervalSince1970 - step / 2)
                let woken = try await resources.store.wakePostponed()
                resources.logger.notice(
                    "the clock stepped \(step > 0 ? "forward" : "back") by \(Int(abs(step).rounded())) s: \(moved) queued retries moved with it, \(woken) window waits checked again")
            } catch {
                resources.logger.error("retry times not moved after a clock step: \(FailureText.describe(error))")
            }
        }
    }
}
