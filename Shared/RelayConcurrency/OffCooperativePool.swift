import Dispatch
import Foundation
import Synchronization

/// Runs blocking or CPU-heavy work — scrypt, image decoding, hashing whole files, SQLite commits with
/// `synchronous = FULL` — on threads of its own instead of Swift's cooperative ones.
///
/// The cooperative pool has one thread per core (two on the boxes Relay runs on). Work that holds one for
/// tens of milliseconds to minutes stalls every other task behind it: health checks, request handling, the
/// agent's watchdog ping. `Task.detached` does not help — a detached task runs on those same threads. Here
/// each body runs on one of `width` serial dispatch queues ("lanes"), which libdispatch serves with
/// threads outside the cooperative pool, so the awaiting task gives its cooperative thread back while the
/// body runs.
///
/// At most `width` bodies run at once, in submission order; the others wait in a queue holding no thread.
/// Cancelling the awaiting task raises `isCancelled` for a running body to check between chunks; a body
/// that has not started yet still runs, and sees the flag raised.
package final class OffCooperativePool: Sendable {
    /// Names the lanes' queues (visible in thread dumps).
    package let label: String
    /// Bodies that may run at once.
    package let width: Int
    private let lanes: [DispatchQueue]
    private let state: Mutex<State>

    /// Bodies waiting for a lane, and the lanes with nothing to do.
    private struct State {
        var waiting: [@Sendable () -> Void] = []
        var idleLanes: [Int]
    }

    /// A pool named `label` running at most `width` (at least 1) bodies at once.
    package init(label: String, width: Int = 1) {
        self.label = label
        self.width = max(1, width)
        lanes = (0..<self.width).map { DispatchQueue(label: "\(label).\($0)") }
        state = Mutex(State(idleLanes: Array((0..<self.width).reversed())))
    }

    /// Processors this process may use: the width for CPU-bound work.
    package static var processorCount: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Runs `body` on one of the pool's lanes and returns (or throws) what it does.
    package func run<T: Sendable>(
        _ body: @escaping @Sendable (_ isCancelled: @escaping @Sendable () -> Bool) throws -> T
    ) async throws -> T {
        let cancelled = CancelFlag()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                submit { continuation.resume(with: Result { try body { cancelled.isSet } }) }
            }
        } onCancel: {
            cancelled.set()
        }
    }

    private func submit(_ job: @escaping @Sendable () -> Void) {
        let lane: Int? = state.withLock { state in
            if let lane = state.idleLanes.popLast() { return lane }
            state.waiting.append(job)
            return nil
        }
        if let lane { start(job, on: lane) }
    }

    /// Runs `first` on `lane`, then whatever waits, until nothing does; then the lane is idle again.
    private func start(_ first: @escaping @Sendable () -> Void, on lane: Int) {
        lanes[lane].async { [self] in
            var next: (@Sendable () -> Void)? = first
            while let job = next {
                job()
                next = state.withLock { state in
                    guard !state.waiting.isEmpty else {
                        state.idleLanes.append(lane)
                        return nil
                    }
                    return state.waiting.removeFirst()
                }
            }
        }
    }

    /// A flag set once, read from any thread.
    final class CancelFlag: Sendable {
        private let flag = Atomic<Bool>(false)
        var isSet: Bool { flag.load(ordering: .acquiring) }
        func set() { flag.store(true, ordering: .releasing) }
    }
}
