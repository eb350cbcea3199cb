import Foundation
#if canImport(Glibc)
    import Glibc
#endif
import Logging
import Metrics
import ServiceLifecycle

/// Claims jobs from a `JobQueue` and runs their handlers, `concurrency` at a time.
///
/// On graceful shutdown it stops claiming and lets running jobs finish; if it is cancelled outright the
/// running jobs' leases simply lapse and another worker re-runs them.
package struct JobWorkerService: Service {
    package let queue: any JobQueue
    package let handlers: JobHandlers
    package let configuration: JobWorkerConfiguration
    package let workerId: String
    package let logger: Logger

    package init(
        queue: any JobQueue, handlers: JobHandlers, configuration: JobWorkerConfiguration,
        workerId: String = "worker-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))",
        logger: Logger
    ) {
        self.queue = queue
        self.handlers = handlers
        self.configuration = configuration
        self.workerId = workerId
        self.logger = logger
    }

    package func run() async throws {
        let kinds = handlers.kinds
        logger.info("job worker started", metadata: ["worker_id": "\(workerId)", "kinds": "\(kinds)"])
        let presence = Task { await announce(kinds: kinds) }
        await withDiscardingTaskGroup { group in
            for slot in 0..<max(1, configuration.concurrency) {
                group.addTask { await runSlot(slot, kinds: kinds) }
            }
        }
        presence.cancel()
        await presence.value
        do {
            try await queue.retire(workerId: workerId)
        } catch {
            logger.warning("worker presence not removed", metadata: ["error": "\(error)"])
        }
        logger.info("job worker stopped", metadata: ["worker_id": "\(workerId)"])
    }

    /// Announces this worker every `JobWorkerPresence.announceInterval` until cancelled.
    private func announce(kinds: [String]) async {
        let started = Date()
        // gethostname(2), not ProcessInfo.hostName: that one may ask DNS for a canonical name and stall.
        var name = [CChar](repeating: 0, count: 256)
        let host = gethostname(&name, name.count) == 0 ? String(cString: name) : "unknown"
        let pid = Int(ProcessInfo.processInfo.processIdentifier)
        while !Task.isCancelled {
            do {
                try await queue.announce(JobWorkerPresence(
                    id: workerId, host: host, pid: pid, kinds: kinds, concurrency: configuration.concurrency, startedAt: started,
                    seenAt: Date()))
            } catch {
                logger.warning("worker presence not recorded", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: JobWorkerPresence.announceInterval)
        }
    }

    /// One claim-run loop; ends on graceful shutdown or cancellation.
    private func runSlot(_ slot: Int, kinds: [String]) async {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                if let job = try await queue.claim(
                    workerId: workerId, kinds: kinds, lease: configuration.lease, now: Date())
                {
                    await runJob(job)
                    continue
                }
            } catch {
                logger.error("job claim failed", metadata: ["error": "\(error)"])
            }
            // Idle (or the database hiccuped): wait, but wake at once for shutdown.
            try? await cancelWhenGracefulShutdown {
                try await Task.sleep(for: configuration.pollInterval)
            }
        }
    }

    /// Runs one claimed job with a heartbeat beside it, then records the outcome.
    func runJob(_ job: Job) async {
        let jobLogger = {
            var logger = self.logger
            logger[metadataKey: "job_id"] = "\(job.id)"
            logger[metadataKey: "job_kind"] = "\(job.kind)"
            return logger
        }()
        let started = ContinuousClock.now
        let context = JobContext(job: job, logger: jobLogger) { [queue, workerId, jobLogger] value, note in
            do {
                try await queue.reportProgress(id: job.id, workerId: workerId, progress: value, note: note, now: Date())
            } catch {
                jobLogger.warning("progress not recorded", metadata: ["error": "\(error)"])
            }
        }
        let outcome: Result<Void, any Error> = await withTaskGroup(of: Result<Void, any Error>?.self) { group in
            group.addTask {
                guard let handler = handlers.handler(for: job.kind) else {
                    return .failure(PermanentJobFailure("no handler for job kind \(job.kind)"))
                }
                do {
                    try await handler(job, context)
                    return .success(())
                } catch {
                    return .failure(error)
                }
            }
            group.addTask { await heartbeat(job, logger: jobLogger) }
            // The first child to return decides: the handler's result, or a lost lease (heartbeat returns
            // `.failure`), in which case the handler is cancelled because another worker may own the job now.
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? .failure(CancellationError())
        }
        Timer(label: "relay_job_duration_seconds", dimensions: [("kind", job.kind)])
            .recordSeconds((ContinuousClock.now - started).timeInterval)
        do {
            switch outcome {
            case .success:
                try await queue.complete(id: job.id, workerId: workerId, now: Date())
                Counter(label: "relay_jobs_total", dimensions: [("kind", job.kind), ("outcome", "succeeded")]).increment()
                jobLogger.info("job succeeded", metadata: ["attempt": "\(job.attempts)"])
            case .failure(let error as LeaseLost):
                jobLogger.warning("job lease lost; left to its new owner", metadata: ["reason": "\(error)"])
            case .failure(let error):
                let permanent = error is PermanentJobFailure
                let retryAt = permanent ? nil
                    : Date().addingTimeInterval(
                        configuration.backoff.delay(attempt: job.attempts, jitter: Double.random(in: 0...1)).timeInterval)
                try await queue.fail(id: job.id, workerId: workerId, error: "\(error)", retryAt: retryAt, now: Date())
                Counter(label: "relay_jobs_total", dimensions: [("kind", job.kind), ("outcome", "failed")]).increment()
                jobLogger.error(
                    "job failed", metadata: ["attempt": "\(job.attempts)", "error": "\(error)", "permanent": "\(permanent)"])
            }
        } catch {
            // The outcome could not be written: the lease will lapse and the job runs again (at least once).
            jobLogger.error("job outcome not recorded", metadata: ["error": "\(error)"])
        }
    }

    /// Extends the lease every third of its length; returns `.failure(LeaseLost)` if the job was taken
    /// away, or `nil` when cancelled because the handler finished.
    private func heartbeat(_ job: Job, logger: Logger) async -> Result<Void, any Error>? {
        let interval = configuration.lease / 3
        while true {
            do {
                try await Task.sleep(for: interval)
            } catch {
                return nil
            }
            do {
                if try await !queue.heartbeat(id: job.id, workerId: workerId, lease: configuration.lease, now: Date()) {
                    return .failure(LeaseLost(jobId: job.id))
                }
            } catch {
                logger.warning("heartbeat failed; will retry", metadata: ["error": "\(error)"])
            }
        }
    }
}

/// The worker no longer holds the job's lease.
struct LeaseLost: Error, CustomStringConvertible {
    let jobId: String
    var description: String { "lease on job \(jobId) lost" }
}
