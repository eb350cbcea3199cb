import AgentCore
import AgentStore
import Foundation
import Testing
import TestFixtures

/// The queue on a real SQLite file: dedupe, conditional transitions, restart, due order.
@Suite("Upload queue store")
struct UploadQueueStoreTests {
    let machine = UploadStateMachine()

    @Test("dedupe by SHA-256, conditional transitions, state survives reopening")
    func lifecycle() async throws {
        let folder = try TestEnvironment.temporaryDirectory("agent-queue")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("queue.sqlite")
        let store = try UploadQueueStore.open(at: file)
        #expect(try store.journalMode() == "wal")
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let item = try #require(try await store.discover(path: "/capture/VIN1/001.jpg", sha256: "aa", size: 10, contentType: "image/jpeg", sessionKey: "VIN1", angleDeg: 0, now: start))
        #expect(try await store.discover(path: "/capture/VIN1/copy.jpg", sha256: "aa", size: 10, contentType: "image/jpeg", sessionKey: "VIN1", angleDeg: nil, now: start) == nil)

        #expect(try await store.apply(id: item.id, expected: .discovered, machine.transition(from: .discovered, failures: 0, event: .qcFinished, jitter: 1), now: start) { $0.qcStatus = "pass" })
        // A stale step (the caller still thinks it is discovered) changes nothing.
        #expect(try await !store.apply(id: item.id, expected: .discovered, machine.transition(from: .discovered, failures: 0, event: .qcFinished, jitter: 1), now: start))
        let offline = machine.transition(from: .qcDone, failures: 0, event: .failed(.transient(reason: "offline", retryAfter: nil)), jitter: 1)
        #expect(try await store.apply(id: item.id, expected: .qcDone, offline, now: start))
        #expect(try store.due(now: start).isEmpty, "backing off for 1 s")
        #expect(try store.due(now: start.addingTimeInterval(1)).map(\.id) == [item.id])

        // "Power cut": a new pool on the same file sees every committed step.
        let reopened = try UploadQueueStore.open(at: file)
        let restored = try #require(try reopened.item(id: item.id))
        #expect(restored.state == .qcDone)
        #expect(restored.failures == 1)
        #expect(restored.lastError == "offline")
        #expect(restored.qcStatus == "pass")
        #expect(try await reopened.apply(id: item.id, expected: .qcDone, machine.transition(from: .qcDone, failures: 1, event: .presigned, jitter: 1), now: start) {
            $0.imageId = "img-1"
            $0.uploadURL = "http://store/put"
        })
        let presigned = try #require(try reopened.item(id: item.id))
        #expect(presigned.failures == 0)
        #expect(presigned.lastError == nil)
        #expect(try reopened.counts() == [.presigned: 1])
    }

    @Test("due items come oldest first and terminal ones never")
    func dueOrder() async throws {
        let folder = try TestEnvironment.temporaryDirectory("agent-queue")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try UploadQueueStore.open(at: folder.appendingPathComponent("q.sqlite"))
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        var ids: [String] = []
        for n in 0..<5 {
            let item = try #require(try await store.discover(path: "/f\(n)", sha256: "sha\(n)", size: 1, contentType: "image/jpeg", sessionKey: "S", angleDeg: nil, now: t0.addingTimeInterval(Double(n))))
            ids.append(item.id)
        }
        let rejected = machine.transition(from: .discovered, failures: 0, event: .failed(.permanent(reason: "bad")), jitter: 1)
        #expect(try await store.apply(id: ids[1], expected: .discovered, rejected, now: t0))
        #expect(try store.due(now: t0.addingTimeInterval(10), limit: 3).map(\.id) == [ids[0], ids[2], ids[3]])
        #expect(try store.counts() == [.discovered: 4, .rejected: 1])
        #expect(try store.item(id: ids[1])?.lastError == "bad")
    }
}
