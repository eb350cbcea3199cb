import Foundation

/// A durable queue of background jobs kept in the database.
///
/// Claims are leases: a worker that dies stops heartbeating, its lease lapses and another worker claims the
/// job again (at-least-once; handlers are written to be idempotent). Every method is one statement or one
/// transaction, so a crash at any point leaves the queue consistent.
package protocol JobQueue: Sendable {
    /// Adds a job and returns its id.
    @discardableResult
    func enqueue(_ job: NewJob) async throws -> String

    /// Atomically takes the next runnable job — queued and due, or running with a lapsed lease — for
    /// `workerId`, increments its attempts and leases it until `now + lease`. `nil` when there is none.
    /// Jobs whose lease lapsed on their last allowed attempt are dead-lettered instead of re-run.
    func claim(workerId: String, kinds: [String]?, lease: Duration, now: Date) async throws -> Job?

    /// Extends the lease; returns false when the job is no longer this worker's (lease lost).
    func heartbeat(id: String, workerId: String, lease: Duration, now: Date) async throws -> Bool

    /// Records progress (0...1) and an optional note; also extends nothing.
    func reportProgress(id: String, workerId: String, progress: Double, note: String?, now: Date) async throws

    /// Marks the job succeeded (only if this worker still holds it).
    func complete(id: String, workerId: String, now: Date) async throws

    /// Records a failed attempt: back to `queued` at `retryAt`, or `dead` when attempts are used up or
    /// `retryAt` is nil (permanent failure).
    func fail(id: String, workerId: String, error: String, retryAt: Date?, now: Date) async throws

    /// One job by id.
    func job(id: String) async throws -> Job?

    /// Counts by state (metrics, readiness, tests).
    func counts() async throws -> [Job.State: Int]

    /// Records (or refreshes) a worker process's presence.
    func announce(_ worker: JobWorkerPresence) async throws
    /// Removes a worker that stops.
    func retire(workerId: String) async throws
    /// Workers seen at or after `since`, and their stale rows older than a day removed.
    func workers(seenSince since: Date) async throws -> [JobWorkerPresence]
    /// Active jobs by kind and state, and jobs finished since `since` by kind.
    func statistics(finishedSince since: Date) async throws -> JobStatistics
}
