import Foundation

/// A worker process as it announces itself in `job_workers` (every 10 s while it runs), so every API
/// process can say which workers are alive — the seed 002 dashboard's "celery" view.
package struct JobWorkerPresence: Sendable, Equatable, Codable {
    package var id: String
    package var host: String
    package var pid: Int
    package var kinds: [String]
    package var concurrency: Int
    package var startedAt: Date
    package var seenAt: Date

    package init(id: String, host: String, pid: Int, kinds: [String], concurrency: Int, startedAt: Date, seenAt: Date) {
        self.id = id
        self.host = host
        self.pid = pid
        self.kinds = kinds
        self.concurrency = concurrency
        self.startedAt = startedAt
        self.seenAt = seenAt
    }

    /// How often a running worker announces itself; a worker not seen for three times this is gone.
    package static let announceInterval: Duration = .seconds(10)
}
