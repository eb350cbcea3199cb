import RelayAPI

/// How a worker runs jobs. Keys: `RELAY_WORKER_CONCURRENCY`, `RELAY_WORKER_LEASE_SECONDS`,
/// `RELAY_WORKER_POLL_MS` (see `BackendConfiguration`).
package struct JobWorkerConfiguration: Sendable, Equatable {
    /// Jobs run at once by one worker process. Default 2 (one per core here).
    package var concurrency: Int
    /// How long a claim lasts without a heartbeat. Default 30 s; heartbeats every third of it.
    package var lease: Duration
    /// Wait between polls when the queue is empty. Default 500 ms.
    package var pollInterval: Duration
    /// Delay before retries.
    package var backoff: ExponentialBackoff

    package init(
        concurrency: Int = 2, lease: Duration = .seconds(30), pollInterval: Duration = .milliseconds(500),
        backoff: ExponentialBackoff = .jobs
    ) {
        self.concurrency = concurrency
        self.lease = lease
        self.pollInterval = pollInterval
        self.backoff = backoff
    }
}
