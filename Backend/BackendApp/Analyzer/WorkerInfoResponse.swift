import BackendCore
import Foundation
import Hummingbird

/// `GET /v1/dashboard/celery-info`: our job workers in the seed's place of Celery's — live worker
/// processes (from their announcements), running and queued jobs by kind and the last hour's throughput
/// (from the job table), so the view is true across every process.
struct WorkerInfoResponse: ResponseEncodable, Sendable {
    let success = true
    let backend = "relay-job-queue"
    let workers: [Worker]
    let activeWorkers: Int
    let jobs: [String: [String: Int]]
    let completedLastHour: [String: Int]
    let failedLastHour: [String: Int]
    let throughputPerMinute: Double
    let timestamp: Date

    struct Worker: Encodable, Sendable {
        let id: String
        let host: String
        let pid: Int
        let kinds: [String]
        let concurrency: Int
        let running: Int
        let startedAt: Date
        let seenAt: Date

        enum CodingKeys: String, CodingKey {
            case id, host, pid, kinds, concurrency, running, startedAt = "started_at", seenAt = "seen_at"
        }
    }

    enum CodingKeys: String, CodingKey {
        case success, backend, workers, activeWorkers = "active_workers", jobs, completedLastHour = "completed_last_hour"
        case failedLastHour = "failed_last_hour", throughputPerMinute = "throughput_per_minute", timestamp
    }

    init(workers: [JobWorkerPresence], statistics: JobStatistics) {
        self.workers = workers.map {
            Worker(
                id: $0.id, host: $0.host, pid: $0.pid, kinds: $0.kinds, concurrency: $0.concurrency, running: statistics.runningByWorker[$0.id] ?? 0,
                startedAt: $0.startedAt, seenAt: $0.seenAt)
        }
        activeWorkers = workers.count
        jobs = statistics.active
        completedLastHour = statistics.succeeded
        failedLastHour = statistics.dead
        throughputPerMinute = (Double(statistics.succeeded.values.reduce(0, +)) / 60 * 100).rounded() / 100
        timestamp = Date()
    }
}
