import BackendCore
import BackendStore
import Foundation
import Testing
import TestSupport

/// The job queue's contract, on SQLite and on PostgreSQL.
@Suite("SQL job queue")
struct SQLJobQueueTests {
    @Test("enqueue, claim, progress, complete", arguments: TestEnvironment.databaseKinds)
    func lifecycle(kind: String) async throws {
        try await TestDatabase.with(kind) { database in
            let queue = SQLJobQueue(database: database)
            let now = Date().addingTimeInterval(30)  // later than any enqueue below, even on a loaded machine
            #expect(try await queue.claim(workerId: "w1", kinds: nil, lease: .seconds(30), now: now) == nil)
            let id = try await queue.enqueue(NewJob(kind: "test.a", payload: #"{"n":1}"#))
            let claimed = try #require(try await queue.claim(workerId: "w1", kinds: ["test.a"], lease: .seconds(30), now: now))
            #expect(claimed.id == id)
            #expect(claimed.state == .running)
            #expect(claimed.attempts == 1)
            #expect(claimed.payload == #"{"n":1}"#)
            #expect(claimed.workerId == "w1")
            // Nothing else runnable while it is leased.
            #expect(try await queue.claim(workerId: "w2", kinds: nil, lease: .seconds(30), now: now) == nil)
            try await queue.reportProgress(id: id, workerId: "w1", progress: 0.5, note: "halfway", now: now)
            let midway = try #require(try await queue.job(id: id))
            #expect(midway.progress == 0.5)
            #expect(midway.progressNote == "halfway")
            try await queue.complete(id: id, workerId: "w1", now: now)
            let done = try #require(try await queue.job(id: id))
            #expect(done.state == .succeeded)
            #expect(done.finishedAt != nil)
            #expect(try await queue.counts()[.succeeded] == 1)
        }
    }

    @Test("claims honour kinds, priority and run_at", arguments: TestEnvironment.databaseKinds)
    func ordering(kind: String) async throws {
        try await TestDatabase.with(kind) { database in
            let queue = SQLJobQueue(database: database)
            let now = Date().addingTimeInterval(30)  // later than any enqueue below, even on a loaded machine
            let later = try await queue.enqueue(NewJob(kind: "k", priority: 1, runAt: now.addingTimeInterval(60)))
            let low = try await queue.enqueue(NewJob(kind: "k", priority: 200))
            let high = try await queue.enqueue(NewJob(kind: "k", priority: 10))
            _ = try await queue.enqueue(NewJob(kind: "other", priority: 0))
            #expect(try await queue.claim(workerId: "w", kinds: ["k"], lease: .seconds(30), now: now)?.id == high)
            #expect(try await queue.claim(workerId: "w", kinds: ["k"], lease: .seconds(30), now: now)?.id == low)
            #expect(try await queue.claim(workerId: "w", kinds: ["k"], lease: .seconds(30), now: now) == nil)
            #expect(try await queue.claim(workerId: "w", kinds: [], lease: .seconds(30), now: now) == nil)
            let due = try await queue.claim(workerId: "w", kinds: ["k"], lease: .seconds(30), now: now.addingTimeInterval(61))
            #expect(due?.id == later)
        }
    }

    @Test("a dead worker's job is re-run by another after its lease lapses", arguments: TestEnvironment.databaseKinds)
    func leaseExpiry(kind: String) async throws {
        try await TestDatabase.with(kind) { database in
            let queue = SQLJobQueue(database: database)
            let start = Date().addingTimeInterval(1)
            let id = try await queue.enqueue(NewJob(kind: "k", maxAttempts: 3))
            _ = try #require(try await queue.claim(workerId: "dead", kinds: nil, lease: .seconds(5), now: start))
            // Before the lease lapses nobody else can take it; a heartbeat by the holder keeps it.
            #expect(try await queue.claim(workerId: "alive", kinds: nil, lease: .seconds(5), now: start.addingTimeInterval(4)) == nil)
            #expect(try await queue.heartbeat(id: id, workerId: "dead", lease: .seconds(5), now: start.addingTimeInterval(4)))
            #expect(try await queue.claim(workerId: "alive", kinds: nil, lease: .seconds(5), now: start.addingTimeInterval(8)) == nil)
            // The holder "dies" (no more heartbeats): after the lease, another worker gets it.
            let rerun = try #require(
                try await queue.claim(workerId: "alive", kinds: nil, lease: .seconds(5), now: start.addingTimeInterval(10)))
            #expect(rerun.id == id)
            #expect(rerun.attempts == 2)
            #expect(rerun.workerId == "alive")
            // The old holder has lost it: its heartbeat and completion do nothing.
            #expect(try await !queue.heartbeat(id: id, workerId: "dead", lease: .seconds(5), now: start.addingTimeInterval(10)))
            try await queue.complete(id: id, workerId: "dead", now: start.addingTimeInterval(10))
            #expect(try await queue.job(id: id)?.state == .running)
            try await queue.complete(id: id, workerId: "alive", now: start.addingTimeInterval(11))
            #expect(try await queue.job(id: id)?.state == .succeeded)
        }
    }

    @Test("a lease lapsing on the final attempt dead-letters the job", arguments: TestEnvironment.databaseKinds)
    func leaseExpiryOnFinalAttempt(kind: String) async throws {
        try await TestDatabase.with(kind) { database in
            let queue = SQLJobQueue(database: database)
            let start = Date().addingTimeInterval(1)
            let id = try await queue.enqueue(NewJob(kind: "k", maxAttempts: 1))
            _ = try #require(try await queue.claim(workerId: "w", kinds: nil, lease: .seconds(1), now: start))
            #expect(try await queue.claim(workerId: "w2", kinds: nil, lease: .seconds(1), now: start.addingTimeInterval(5)) == nil)
            let job = try #require(try await queue.job(id: id))
            #expect(job.state == .dead)
            #expect(job.lastError?.contains("lease expired") == true)
        }
    }

    @Test("failures retry with backoff, then dead-letter", arguments: TestEnvironment.databaseKinds)
    func failAndRetry(kind: String) async throws {
        try await TestDatabase.with(kind) { database in
            let queue = SQLJobQueue(database: database)
            let start = Date().addingTimeInterval(1)
            let id = try await queue.enqueue(NewJob(kind: "k", maxAttempts: 2))
            _ = try #require(try await queue.claim(workerId: "w", kinds: nil, lease: .seconds(30), now: start))
            try await queue.fail(id: id, workerId: "w", error: "boom 1", retryAt: start.addingTimeInterval(10), now: start)
            let retrying = try #require(try await queue.job(id: id))
            #expect(retrying.state == .queued)
            #expect(retrying.lastError == "boom 1")
            #expect(try await queue.claim(workerId: "w", kinds: nil, lease: .seconds(30), now: start.addingTimeInterval(5)) == nil)
            _ = try #require(try await queue.claim(workerId: "w", kinds: nil, lease: .seconds(30), now: start.addingTimeInterval(11)))
            try await queue.fail(id: id, workerId: "w", error: "boom 2", retryAt: start.addingTimeInterval(20), now: start)
            let dead = try #require(try await queue.job(id: id))
            #expect(dead.state == .dead)
            #expect(dead.attempts == 2)
            #expect(dead.lastError == "boom 2")
            // A permanent failure (no retry time) dead-letters at once.
            let other = try await queue.enqueue(NewJob(kind: "k", maxAttempts: 5))
            _ = try #require(try await queue.claim(workerId: "w", kinds: nil, lease: .seconds(30), now: start.addingTimeInterval(30)))
            try await queue.fail(id: other, workerId: "w", error: "bad payload", retryAt: nil, now: start)
            #expect(try await queue.job(id: other)?.state == .dead)
        }
    }
}
