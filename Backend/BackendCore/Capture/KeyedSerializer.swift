/// Runs work for one key at a time, in this process: callers with the same key queue behind each other,
/// other keys run freely. Presign uses it so two requests for the same bytes in the same session — a
/// killed client's request still in flight and its restarted self's — cannot both find no image and
/// both insert one. (Separate API processes can still meet; the lookup-then-insert stays best effort there.)
package actor KeyedSerializer {
    private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]

    package init() {}

    package func run<T: Sendable>(_ key: String, _ work: @Sendable () async throws -> T) async throws -> T {
        if waiting[key] != nil {
            await withCheckedContinuation { waiting[key, default: []].append($0) }
        } else {
            waiting[key] = []
        }
        defer { release(key) }
        return try await work()
    }

    private func release(_ key: String) {
        guard var queue = waiting[key], !queue.isEmpty else {
            waiting[key] = nil
            return
        }
        let next = queue.removeFirst()
        waiting[key] = queue
        next.resume()
    }
}
