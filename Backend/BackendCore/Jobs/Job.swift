import Foundation

/// One unit of background work, as stored in the `jobs` table.
public struct Job: Sendable, Equatable, Identifiable {
    /// Where a job is in its life.
    public enum State: String, Sendable, Codable, CaseIterable {
        /// Waiting for `runAt`, then for a worker.
        case queued
        /// Claimed by a worker whose lease runs until `leaseUntil`.
        case running
        /// Finished without error.
        case succeeded
        /// Failed `maxAttempts` times (or was unrunnable): kept with its last error, never retried.
        case dead
    }

    public var id: String
    /// Which handler runs it, e.g. `image.process`.
    public var kind: String
    /// Handler input, JSON.
    public var payload: String
    public var state: State
    /// Lower runs first.
    public var priority: Int
    /// Claims so far (including the current one).
    public var attempts: Int
    public var maxAttempts: Int
    /// Not claimed before this instant (backoff after failures).
    public var runAt: Date
    /// While `running`: the claim lapses after this instant unless heartbeated.
    public var leaseUntil: Date?
    /// The worker holding the lease.
    public var workerId: String?
    /// 0...1, reported by the handler.
    public var progress: Double
    /// A short note on what the handler is doing.
    public var progressNote: String?
    /// The error of the last failed attempt.
    public var lastError: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var finishedAt: Date?

    public init(
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
public struct NewJob: Sendable {
    public var kind: String
    public var payload: String
    public var priority: Int
    public var maxAttempts: Int
    public var runAt: Date?

    public init(kind: String, payload: String = "{}", priority: Int = 100, maxAttempts: Int = 5, runAt: Date? = nil) {
        self.kind = kind
        self.payload = payload
        self.priority = priority
        self.maxAttempts = maxAttempts
        self.runAt = runAt
    }
}
