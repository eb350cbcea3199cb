import Synchronization

/// Runs work for one key at a time, in this process: callers with the same key queue behind each other,
/// other keys run freely. Presign uses it so two requests for the same bytes in the same session — a
/// killed client's request still in flight and its restarted self's — cannot both find no image and
/// both insert one. (Separate API processes can still meet; the lookup-then-insert stays best effort there.)
///
/// A lock, not an actor: an uncontended key costs two lock round trips and no executor hops.
package final class KeyedSerializer: Sendable {
    /// Keys being worked on, each with the callers waiting for it, in arrival order.
    private let waiting = Mutex<[String: [CheckedContinuation<Void, Never>]]>([:])

    package init() {}

    package func run<T: Sendable>(_ key: String, _ work: @Sendable () async throws -> T) async throws -> T {
        let acquired = waiting.withLock { waiting in
            guard waiting[key] == nil else { return false }
            waiting[key] = []
            return true
        }
        if !acquired {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                // Looked at again under the lock: the holder may have finished meanwhile.
                let free = waiting.withLock { waiting in
                    guard waiting[key] != nil else {
                        waiting[key] = []
                        return true
                    }
                    waiting[key]?.append(continuation)
                    return false
                }
                if free { continuation.resume() }
            }
        }
        // Whoever is resumed owns the key: `release` hands it over without ever removing it.
        defer { release(key) }
        return try await work()
    }

    private func release(_ key: String) {
        let next = waiting.withLock { waiting -> CheckedContinuation<Void, Never>? in
            guard var queue = waiting[key], !queue.isEmpty else {
                waiting[key] = nil
                return nil
            }
            let next = queue.removeFirst()
            waiting[key] = queue
            return next
        }
        next?.resume()
    }
}
