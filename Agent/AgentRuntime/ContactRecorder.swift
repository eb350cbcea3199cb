import Foundation
import RelayAPI
import Synchronization

/// The daemon's view of the backend, updated by every call and flushed to the status table by the
/// daemon: when it last answered, and the last failure to reach it.
package final class ContactRecorder: Sendable {
    struct State {
        var lastContact: Date?
        var lastFailure: String?
        var lastFailureAt: Date?
        /// Consecutive failures to reach the backend.
        var failures = 0
        /// No network step before this (all workers wait together instead of each timing out).
        /// Monotonic: a wall-clock step must not stretch a 60 s wait into an hour.
        var offlineUntil: ContinuousClock.Instant?
    }

    let state = Mutex(State())

    package init() {}

    func succeeded(at date: Date = Date()) {
        state.withLock {
            $0.lastContact = date
            $0.lastFailure = nil
            $0.failures = 0
            $0.offlineUntil = nil
        }
    }

    func failed(_ reason: String, at date: Date = Date()) {
        state.withLock {
            $0.lastFailure = reason
            $0.lastFailureAt = date
            $0.failures += 1
            // 1, 2, 4 … 60 s: the backend is probed by one call per period, not hammered by every item.
            $0.offlineUntil = .now + .seconds(min(60, pow(2, Double(min($0.failures, 7) - 1))))
        }
    }

    /// How long network steps should wait (nil: go).
    func offlineWait(now: ContinuousClock.Instant = .now) -> TimeInterval? {
        state.withLock { state in
            guard let until = state.offlineUntil, until > now else { return nil }
            return (until - now).timeInterval
        }
    }

    /// Status rows for `agent_status`.
    func snapshot() -> [String: String] {
        state.withLock { state in
            var values: [String: String] = [:]
            if let contact = state.lastContact { values["last_contact"] = ISO8601DateFormatter().string(from: contact) }
            values["backend_error"] = state.lastFailure ?? ""
            return values
        }
    }
}
