import Dispatch
import Foundation
import RelayConcurrency
import Synchronization
import Testing

/// The pool runs bodies outside Swift's cooperative threads, at most `width` at once, and hands back
/// results, errors and cancellation.
@Suite("Off-cooperative pool")
struct OffCooperativePoolTests {
    struct Refused: Error, Equatable {}

    /// Counters the bodies share.
    final class Tally: Sendable {
        let running = Atomic<Int>(0)
        let most = Atomic<Int>(0)
        let started = Atomic<Int>(0)
    }

    @Test("results and errors come back to the awaiting task")
    func results() async throws {
        let pool = OffCooperativePool(label: "test.results", width: 2)
        let values = try await withThrowingTaskGroup(of: Int.self) { group in
            for value in 0..<20 { group.addTask { try await pool.run { _ in value * value } } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(values.sorted() == (0..<20).map { $0 * $0 })
        await #expect(throws: Refused.self) { try await pool.run { _ in throw Refused() } }
    }

    @Test("never more than width bodies at once", arguments: [1, 2, 3])
    func width(width: Int) async throws {
        let pool = OffCooperativePool(label: "test.width", width: width)
        let tally = Tally()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<(width * 6) {
                group.addTask {
                    try await pool.run { _ in
                        let now = tally.running.wrappingAdd(1, ordering: .acquiringAndReleasing).newValue
                        _ = tally.most.max(now, ordering: .acquiringAndReleasing)
                        usleep(2_000)
                        tally.running.wrappingSubtract(1, ordering: .acquiringAndReleasing)
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(tally.most.load(ordering: .acquiring) <= width)
        #expect(tally.most.load(ordering: .acquiring) >= 1)
    }

    /// More bodies blocked at once than the machine has cooperative threads (one per core): if they held
    /// cooperative threads, no other task could run until they were released, and this would never finish.
    @Test("blocked bodies leave the cooperative threads free for other tasks")
    func leavesCooperativeThreadsFree() async throws {
        let blocked = 2 * OffCooperativePool.processorCount + 2
        let pool = OffCooperativePool(label: "test.blocking", width: blocked)
        let gate = DispatchSemaphore(value: 0)
        let tally = Tally()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<blocked {
                group.addTask {
                    try await pool.run { _ in
                        tally.started.wrappingAdd(1, ordering: .acquiringAndReleasing)
                        gate.wait()
                    }
                }
            }
            while tally.started.load(ordering: .acquiring) < blocked { try await Task.sleep(for: .milliseconds(5)) }
            // Every body is blocked now; ordinary tasks still run.
            let answers = try await withThrowingTaskGroup(of: Int.self) { others in
                for value in 0..<(4 * blocked) { others.addTask { value } }
                return try await others.reduce(0, +)
            }
            #expect(answers == (0..<(4 * blocked)).reduce(0, +))
            for _ in 0..<blocked { gate.signal() }
            try await group.waitForAll()
        }
    }

    @Test("cancelling the awaiting task raises the body's flag")
    func cancellation() async throws {
        let pool = OffCooperativePool(label: "test.cancel")
        let entered = DispatchSemaphore(value: 0)
        let task = Task {
            try await pool.run { isCancelled in
                entered.signal()
                while !isCancelled() { usleep(1_000) }
                return "saw the flag"
            }
        }
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                entered.wait()
                continuation.resume()
            }
        }
        task.cancel()
        #expect(try await task.value == "saw the flag")
    }
}
