import BackendCore
import Synchronization
import Testing

@Suite("Keyed serializer")
struct KeyedSerializerTests {
    /// Counts how many callers are inside the work at once, and the most ever seen.
    final class Overlap: Sendable {
        private let state = Mutex((inside: 0, most: 0, done: 0))
        func enter() { state.withLock { $0.inside += 1; $0.most = max($0.most, $0.inside) } }
        func leave() { state.withLock { $0.inside -= 1; $0.done += 1 } }
        var most: Int { state.withLock { $0.most } }
        var done: Int { state.withLock { $0.done } }
    }

    @Test("work for one key never overlaps, every caller runs once, and a throwing caller frees the key")
    func oneKey() async throws {
        let serializer = KeyedSerializer()
        let overlap = Overlap()
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<200 {
                group.addTask {
                    _ = try? await serializer.run("session+sha") {
                        overlap.enter()
                        defer { overlap.leave() }
                        await Task.yield()
                        if index % 7 == 0 { throw CancellationError() }
                        return index
                    }
                }
            }
        }
        #expect(overlap.most == 1)
        #expect(overlap.done == 200)
        // The key is free again.
        #expect(try await serializer.run("session+sha") { 42 } == 42)
    }

    @Test("work for other keys runs at the same time")
    func otherKeys() async throws {
        let serializer = KeyedSerializer()
        let overlap = Overlap()
        // Each key's work waits (up to 5 s) for the other's to be inside too: only if keys do not serialize.
        let work: @Sendable () async throws -> Bool = {
            overlap.enter()
            defer { overlap.leave() }
            for _ in 0..<500 where overlap.most < 2 { try await Task.sleep(for: .milliseconds(10)) }
            return overlap.most == 2
        }
        async let first = serializer.run("a", work)
        async let second = serializer.run("b", work)
        let (a, b) = try await (first, second)
        #expect(a && b)
    }
}
