import AgentCore
import AgentStore
import Foundation
import Testing
import TestFixtures

/// Intake (angles in capture order, dedupe, seen files), sessions, the outbox and the operator commands'
/// queries, on a real SQLite file.
@Suite("Upload queue: intake, sessions, outbox, status")
struct UploadQueueIntakeOutboxTests {
    let machine = UploadStateMachine()

    func withStore(_ body: (UploadQueueStore, URL) async throws -> Void) async throws {
        let folder = try TestEnvironment.temporaryDirectory("agent-queue")
        defer { try? FileManager.default.removeItem(at: folder) }
        try await body(try UploadQueueStore.open(at: folder.appendingPathComponent("queue.sqlite")), folder)
    }

    @Test("studio360 angles follow capture order per folder and survive reopening; same bytes are queued once; seen files skip hashing")
    func intake() async throws {
        try await withStore { store, folder in
            var angles: [Double?] = []
            // Real files: a copy is a copy only while the original is still at its path (otherwise the
            // item follows its bytes, see UploadQueueMovesAndFramesTests).
            let vin = folder.appendingPathComponent("VIN1")
            try FileManager.default.createDirectory(at: vin, withIntermediateDirectories: true)
            for index in 0..<3 {
                let path = vin.appendingPathComponent("\(index).jpg").path
                #expect(FileManager.default.createFile(atPath: path, contents: Data("frame \(index)".utf8)))
                let result = try store.intake(
                    path: path, sha256: "sha\(index)", size: 10, mtime: Double(index), contentType: "image/jpeg",
                    sessionKey: "VIN1", frameCount: 24)
                guard case .queued(let item) = result else { Issue.record("not queued: \(result)"); return }
                angles.append(item.angleDeg)
            }
            #expect(angles == [0, 15, 30])
            let other = try store.intake(path: "/c/STK1/a.jpg", sha256: "x", size: 1, mtime: 0, contentType: "image/jpeg", sessionKey: "STK1", frameCount: 24)
            if case .queued(let item) = other { #expect(item.angleDeg == 0) } else { Issue.record("\(other)") }
            let stills = try store.intake(path: "/c/STK2/a.jpg", sha256: "y", size: 1, mtime: 0, contentType: "image/jpeg", sessionKey: "STK2", frameCount: nil)
            if case .queued(let item) = stills { #expect(item.angleDeg == nil) } else { Issue.record("\(stills)") }

            let copy = try store.intake(path: "/c/VIN1/copy.jpg", sha256: "sha1", size: 10, mtime: 9, contentType: "image/jpeg", sessionKey: "VIN1", frameCount: 24)
            guard case .duplicate = copy else { Issue.record("a copy was queued: \(copy)"); return }
            #expect(try store.wasSeen(path: "/c/VIN1/copy.jpg", size: 10, mtime: 9))
            #expect(try !store.wasSeen(path: "/c/VIN1/copy.jpg", size: 10, mtime: 10), "a rewritten file is looked at again")

            let reopened = try UploadQueueStore.open(at: folder.appendingPathComponent("queue.sqlite"))
            let next = try reopened.intake(path: "/c/VIN1/3.jpg", sha256: "sha3", size: 10, mtime: 3, contentType: "image/jpeg", sessionKey: "VIN1", frameCount: 24)
            if case .queued(let item) = next { #expect(item.angleDeg == 45) } else { Issue.record("\(next)") }
        }
    }

    @Test("a folder's session keeps one idempotency key until the server id is stored")
    func sessions() async throws {
        try await withStore { store, _ in
            let first = try await store.sessionRow(key: "VIN1")
            #expect(first.serverId == nil)
            #expect(try await store.sessionRow(key: "VIN1").idempotencyKey == first.idempotencyKey)
            #expect(try await store.sessionRow(key: "VIN2").idempotencyKey != first.idempotencyKey)
            try await store.setSessionServerId(key: "VIN1", serverId: "s-1")
            #expect(try await store.sessionRow(key: "VIN1").serverId == "s-1")
        }
    }

    @Test("events raised by a transition commit with it, once per key; posted events leave the outbox")
    func outbox() async throws {
        try await withStore { store, _ in
            guard case .queued(let item) = try store.intake(
                path: "/c/V/1.jpg", sha256: "a", size: 1, mtime: 0, contentType: "image/jpeg", sessionKey: "V", frameCount: nil)
            else { Issue.record("not queued"); return }
            let event = OutboxEvent(idempotencyKey: "k1", entityType: "device", entityId: "d", type: "qc_failed", createdAt: 1)
            // A stale transition commits nothing, events included.
            #expect(try await !store.apply(id: item.id, expected: .qcDone, machine.transition(from: .qcDone, failures: 0, event: .presigned, jitter: 1), events: { _ in [event] }))
            #expect(try store.outboxCount() == 0)
            #expect(try await store.apply(id: item.id, expected: .discovered, machine.transition(from: .discovered, failures: 0, event: .qcFinished, jitter: 1), events: { _ in [event] }))
            #expect(try store.pendingEvents().map(\.idempotencyKey) == ["k1"], "the transition's event committed with it")
            try await store.enqueue(events: [event, OutboxEvent(idempotencyKey: "k2", entityType: "device", entityId: "d", type: "heartbeat", createdAt: 2)])
            let pending = try store.pendingEvents()
            #expect(pending.map(\.idempotencyKey) == ["k1", "k2"])
            try await store.removeEvents(ids: [try #require(pending.first?.id)])
            #expect(try store.pendingEvents().map(\.idempotencyKey) == ["k2"])
        }
    }

    @Test("status values, QC failures, retry and forget")
    func operatorQueries() async throws {
        try await withStore { store, _ in
            guard case .queued(let item) = try store.intake(
                path: "/c/V/1.jpg", sha256: "a", size: 100, mtime: 0, contentType: "image/jpeg", sessionKey: "V", frameCount: 24)
            else { Issue.record("not queued"); return }
            try await store.setStatus(["auth": "ok", "last_contact": "t1"])
            try await store.setStatus(["auth": "refused"])
            #expect(try store.status() == ["auth": "refused", "last_contact": "t1"])
            #expect(try store.bytesPending() == 100)
            #expect(try await store.apply(id: item.id, expected: .discovered, machine.transition(from: .discovered, failures: 0, event: .qcFinished, jitter: 1)) { $0.qcStatus = "fail" })
            #expect(try store.recentQCFailures().map(\.id) == [item.id])
            let rejected = machine.transition(from: .qcDone, failures: 0, event: .failed(.permanent(reason: "SESSION_NOT_ACTIVE")), jitter: 1)
            #expect(try await store.apply(id: item.id, expected: .qcDone, rejected))
            #expect(try store.bytesPending() == 0)
            #expect(try store.items(matching: String(item.id.prefix(6))).map(\.id) == [item.id])
            #expect(try store.items(matching: "abc").isEmpty, "prefixes shorter than 4 match nothing")
            #expect(try await store.retry(id: item.id))
            let retried = try #require(try store.item(id: item.id))
            #expect(retried.state == .qcDone && retried.failures == 0 && retried.lastError == nil)
            #expect(try await store.forget(id: item.id))
            #expect(try store.item(id: item.id) == nil)
            #expect(try store.wasSeen(path: "/c/V/1.jpg", size: 100, mtime: 0), "a forgotten file is not queued again")
        }
    }
}
