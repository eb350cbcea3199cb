import Synchronization

/// Watcher changes (as text) collected by a consumer task, for tests that wait for some of them.
final class ChangeLog: Sendable {
    private let changes = Mutex<[String]>([])

    func add(_ change: String) { changes.withLock { $0.append(change) } }
    var all: [String] { changes.withLock { $0 } }

    /// True once `change` has been seen; false after `seconds`.
    func waitFor(_ change: String, seconds: Double = 5) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if all.contains(change) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return all.contains(change)
    }
}
