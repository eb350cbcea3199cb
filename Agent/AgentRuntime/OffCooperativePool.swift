import Dispatch
import Synchronization

/// Runs blocking file work (hashing whole files, which takes minutes for a large recording) on its own
/// serial queue instead of one of Swift's cooperative threads: a 2-core box has only two of those, and
/// the status loop that pings the systemd watchdog must keep getting one. Cancelling the awaiting task
/// raises `isCancelled` for the work to check between chunks.
struct OffCooperativePool: Sendable {
    let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    func run<T: Sendable>(_ body: @escaping @Sendable (_ isCancelled: @escaping @Sendable () -> Bool) throws -> T) async throws -> T {
        let cancelled = CancelFlag()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                queue.async {
                    continuation.resume(with: Result { try body { cancelled.isSet } })
                }
            }
        } onCancel: {
            cancelled.set()
        }
    }

    /// A flag set once, read from any thread.
    final class CancelFlag: Sendable {
        private let flag = Atomic<Bool>(false)
        var isSet: Bool { flag.load(ordering: .acquiring) }
        func set() { flag.store(true, ordering: .releasing) }
    }
}
