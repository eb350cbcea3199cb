import RelayAPI

/// How a worker runs jobs. Keys: `RELAY_WORKER_CONCURRENCY`, `RELAY_WORKER_LEASE_SECONDS`,
/// `RELAY_WORKER_POLL_MS` (see `BackendConfiguration`).
public struct JobWorkerConfiguration: Sendable, Equatable {
    /// Jobs run at once by one worker process. Default 2 (one per core here).
    public var concurrency: Int
    /// How long a claim lasts without a heartbeat. Default 30 s; heartbeats every third of it.
    public var lease: Duration
    /// Wait between polls when the queue is empty. Default 500 ms.
    public var pollInterval: Duration
    /// Delay before retries.
    public var backoff: ExponentialBackoff

    public init(
        concurrency: Int = 2, lease: Duration = .seconds(30), pollInterval: Duration = .milliseconds(500),
        backoff: ExponentialBackoff = .jobs
    ) {
        self.concurrency = concurrency
        self.lease = lease
        self.pollInterval = pollInterval
        self.backoff = backoff
    }
}
