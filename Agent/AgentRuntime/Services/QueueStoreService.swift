import AgentStore
import Foundation
import ServiceLifecycle

/// First in the daemon's group, so stopped last: opens what the services share (the startup checks:
/// enrolled, folders present, queue database open), records the daemon in the status table, wakes items
/// that waited for an upload window so the windows configured now decide, and closes the queue once
/// every other service has stopped.
struct QueueStoreService: Service {
    let opener: DaemonResourcesOpener

    func run() async throws {
        let resources = try opener.resources()
        let store = resources.store
        try await store.setStatus(["daemon_pid": String(getpid()), "daemon_started": ISO8601DateFormatter().string(from: Date())])
        let woken = try await store.wakePostponed()
        if woken > 0 {
            resources.logger.info("\(woken) queued files were waiting for an upload window; checking them against the current windows")
        }
        // Cancelled instead (another service failed): close all the same.
        try? await gracefulShutdown()
        do {
            try store.closeDatabase()
        } catch {
            resources.logger.error("queue not closed cleanly: \(FailureText.describe(error))")
        }
    }
}
