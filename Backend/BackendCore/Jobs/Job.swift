import Foundation

/// One unit of background work, as stored in the `jobs` table.
package struct Job: Sendable, Equatable, Identifiable {
    /// Where a job is in its life.
    package enum State: String, Sendable, Codable, CaseIterable {
        /// Waiting for `runAt`, then for a worker.
        case queued
        /// Claimed by a worker whose lease runs until `leaseUntil`.
        case running
        /// Finished without error.
        case succeeded
        /// Failed `maxAttempts` times (or was unrunnable): kept with its last error, never retried.
        case dead
    }

    package var id: String
    /// Which handler runs it, e.g. `image.process`.
    package var kind: String
    /// Handler input, JSON.
    package var payload: String
    package var state: State
    /// Lower runs first.
    package var priority: Int
    /// Claims so far (including the current one).
    package var attempts: Int
    package var maxAttempts: Int
    /// Not claimed before this instant (backoff after failures).
    package var runAt: Date
    /// While `running`: the claim lapses after this instant unless heartbeated.
    package var leaseUntil: Date?
    /// The worker holding the lease.
    package var workerId: String?
    /// 0...1, reported by the handler.
    package var progress: Double
    /// A short note on what the handler is doing.
    package var progressNote: String?
    /// The error of the last failed attempt.
    package var lastError: String?
    package var createdAt: Date
    package var updatedAt: Date
    package var finishedAt: Date?

    package init(
        id: String, kind: String, payload: String, state: State, priority: Int, attempts: Int, maxAttempts: Int,
        runAt: Date, leaseUntil: Date?, workerId: String?, progress: Double, progressNote: String?, lastError: String?,
        createdAt: Date, updatedAt: Date, finishedAt: Date?
    ) {
        self.id = id
        self.kind = kind
        self.payload = payload
        self.state = state
        self.priority = priority
        self.attempts = attempts
        self.maxAttempts = maxAttempts
        self.runAt = runAt
        self.leaseUntil = leaseUntil
        self.workerId = workerId
        self.progress = progress
        self.progressNote = progressNote
        self.lastError = lastError
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.finishedAt = finishedAt
    }
}

/// What to enqueue.
package struct NewJob: Sendable {
    package var kind: String
    package var payload: String
    package var priority: Int
    package var maxAttempts: Int
    package var runAt: Date?

    package init(kind: String, payload: String = "{}", priority: Int = 100, maxAttempts: Int = 5, runAt: Date? = nil) {
        self.kind = kind
        self.payload = payload
        self.priority = priority
        self.maxAttempts = maxAttempts
        self.runAt = runAt
    }
}
