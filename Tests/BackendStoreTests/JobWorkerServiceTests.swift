import BackendCore
import BackendStore
import Foundation
import Logging
import Testing
import RelayAPI
import TestSupport

/// Workers running for real against the database: concurrency, exactly-once, dead-lettering.
@Suite("Job workers")
struct JobWorkerServiceTests {
    /// Records every run of every job.
    actor RunLog {
        var runs: [String: Int] = [:]
        func record(_ id: String) { runs[id, default: 0] += 1 }
    }

    @Test("1,000 jobs, 4 concurrent workers: every job runs exactly once", arguments: TestEnvironment.databaseKinds)
    func exactlyOnce(kind: String) async throws {
        let (settings, cleanup) = try await TestDatabase.settings(kind)
        let setup = try await RelayDatabase.open(settings, logger: TestDatabase.logger)
        try await setup.migrate()
        let queue = SQLJobQueue(database: setup)
        var ids: [String] = []
        for n in 0..<1000 { ids.append(try await queue.enqueue(NewJob(kind: "count", payload: "{\"n\":\(n)}"))) }

        let log = RunLog()
        var handlers = JobHandlers()
        handlers.register("count") { job, _ in await log.record(job.id) }
        // Four workers with their own connection pools, as four processes would have.
        var databases: [RelayDatabase] = []
        for _ in 0..<4 { databases.append(try await RelayDatabase.open(settings, logger: TestDatabase.logger)) }
        let workers = databases.enumerated().map { index, database in
            JobWorkerService(
                queue: SQLJobQueue(database: database), handlers: handlers,
                // A lease long enough that no live worker loses one while the whole suite shares two cores (a
                // lapsed lease is re-run by design; that case has its own test below).
                configuration: JobWorkerConfiguration(concurrency: 2, lease: .seconds(120), pollInterval: .milliseconds(20)),
                workerId: "worker-\(index)", logger: TestDatabase.logger)
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in workers { group.addTask { try await worker.run() } }
            let deadline = ContinuousClock.now + .seconds(240)
            while try await queue.counts()[.succeeded, default: 0] < 1000, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
            }
            group.cancelAll()
        }
        let runs = await log.runs
        #expect(runs.count == 1000)
        #expect(runs.values.allSatisfy { $0 == 1 })
        #expect(Set(runs.keys) == Set(ids))
        #expect(try await queue.counts() == [.succeeded: 1000])
        for database in databases { await database.shutdown() }
        await setup.shutdown()
        await cleanup()
    }

    @Test("a job that always throws ends dead-lettered with its error", arguments: TestEnvironment.databaseKinds)
    func deadLetter(kind: String) async throws {
        try await TestDatabase.with(kind) { database in
            let queue = SQLJobQueue(database: database)
            let id = try await queue.enqueue(NewJob(kind: "explode", maxAttempts: 3))
            let ok = try await queue.enqueue(NewJob(kind: "progress"))
            var handlers = JobHandlers()
            handlers.register("explode") { job, _ in
                throw PermanentJobFailureProbe(message: "disk on fire (attempt \(job.attempts))")
            }
            handlers.register("progress") { _, context in
                await context.progress(0.25, note: "a quarter")
            }
            let worker = JobWorkerService(
                queue: queue, handlers: handlers,
                configuration: JobWorkerConfiguration(
                    concurrency: 1, lease: .seconds(30), pollInterval: .milliseconds(10),
                    backoff: ExponentialBackoff(base: .milliseconds(1), cap: .milliseconds(5))),
                workerId: "w", logger: TestDatabase.logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await worker.run() }
                let deadline = ContinuousClock.now + .seconds(60)
                while ContinuousClock.now < deadline {
                    if try await queue.job(id: id)?.state == .dead, try await queue.job(id: ok)?.state == .succeeded { break }
                    try await Task.sleep(for: .milliseconds(20))
                }
                group.cancelAll()
            }
            let dead = try #require(try await queue.job(id: id))
            #expect(dead.state == .dead)
            #expect(dead.attempts == 3)
            #expect(dead.lastError?.contains("disk on fire (attempt 3)") == true)
            #expect(try await queue.job(id: ok)?.state == .succeeded)
        }
    }

    @Test("a job held by a worker that died is run by a live worker once the lease lapses", arguments: TestEnvironment.databaseKinds)
    func deadWorkerTakeover(kind: String) async throws {
        try await TestDatabase.with(kind) { database in
            let queue = SQLJobQueue(database: database)
            let id = try await queue.enqueue(NewJob(kind: "resume", maxAttempts: 3))
            // The "killed" worker: it claimed the job with a 1 s lease, then vanished without a word.
            let orphan = try #require(try await queue.claim(workerId: "killed", kinds: nil, lease: .seconds(1), now: Date().addingTimeInterval(1)))
            #expect(orphan.id == id)
            let log = RunLog()
            var handlers = JobHandlers()
            handlers.register("resume") { job, _ in await log.record(job.id) }
            let survivor = JobWorkerService(
                queue: queue, handlers: handlers,
                configuration: JobWorkerConfiguration(concurrency: 1, lease: .seconds(10), pollInterval: .milliseconds(50)),
                workerId: "survivor", logger: TestDatabase.logger)
            let started = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await survivor.run() }
                while try await queue.job(id: id)?.state != .succeeded, ContinuousClock.now - started < .seconds(30) {
                    try await Task.sleep(for: .milliseconds(50))
                }
                group.cancelAll()
            }
            let job = try #require(try await queue.job(id: id))
            #expect(job.state == .succeeded)
            #expect(job.attempts == 2)
            #expect(await log.runs[id] == 1)
            // Not before the lease (1 s after a claim stamped 1 s ahead) had lapsed.
            #expect(ContinuousClock.now - started >= .seconds(1))
        }
    }

    struct PermanentJobFailureProbe: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
