import AgentCore
import AgentStore
import Foundation
import Testing
import TestFixtures

/// Issue 23 items 5 and 10 in the queue store: originals retention counts from the acknowledgement by the
/// server's clock, and a folder's closed backend session is replaced (new idempotency key) exactly once.
@Suite("Upload queue store: server time and closed sessions")
struct UploadQueueServerTimeTests {
    let machine = UploadStateMachine()
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func open(_ name: String) throws -> (UploadQueueStore, URL) {
        let folder = try TestEnvironment.temporaryDirectory(name)
        return (try UploadQueueStore.open(at: folder.appendingPathComponent("q.sqlite")), folder)
    }

    @Test("an item acknowledged while this machine's clock ran an hour behind is due by the server's acknowledgement time")
    func retentionCountsServerTime() async throws {
        let (store, folder) = try open("agent-server-time")
        defer { try? FileManager.default.removeItem(at: folder) }
        let id = try #require(
            try store.intake(path: "/c/V/1.jpg", sha256: "s1", size: 1, mtime: 7, contentType: "image/jpeg", sessionKey: "V", frameCount: nil, now: t0).item
        ).id
        // The local clock says t0 - 1 h at the acknowledgement; the server's said t0.
        let local = t0.addingTimeInterval(-3600)
        for (from, event) in [(UploadState.discovered, UploadEvent.qcFinished), (.qcDone, .presigned), (.presigned, .putSucceeded)] {
            #expect(try await store.apply(id: id, expected: from, machine.transition(from: from, failures: 0, event: event, jitter: 1), now: local))
        }
        let acknowledged = machine.transition(from: .uploaded, failures: 0, event: .acknowledged, jitter: 1)
        #expect(try await store.apply(id: id, expected: .uploaded, acknowledged, now: local, update: { $0.acknowledgedAt = self.t0.timeIntervalSince1970 }))
        // Half an hour of retention by the server's clock: not due at t0 + 29 min, due at t0 + 30 min.
        #expect(try store.originalsDue(acknowledgedBy: t0.addingTimeInterval(-60), roots: ["/c"]).isEmpty, "not counted from the local clock")
        #expect(try store.originalsDue(acknowledgedBy: t0, roots: ["/c"]).map(\.id) == [id])
        #expect(try store.item(id: id)?.acknowledgedAt == t0.timeIntervalSince1970)
    }

    @Test("a closed session is replaced once: a new idempotency key, no server id; a stale replace changes nothing")
    func closedSessionReplacedOnce() async throws {
        let (store, folder) = try open("agent-session-replace")
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try await store.sessionRow(key: "STK-1")
        try await store.setSessionServerId(key: "STK-1", serverId: "s1")
        #expect(try await store.replaceSession(key: "STK-1", staleServerId: "s1"))
        let replaced = try await store.sessionRow(key: "STK-1")
        #expect(replaced.serverId == nil && replaced.idempotencyKey != first.idempotencyKey)
        try await store.setSessionServerId(key: "STK-1", serverId: "s2")
        #expect(try await !store.replaceSession(key: "STK-1", staleServerId: "s1"), "a worker that still held s1 leaves s2 alone")
        #expect(try await store.sessionRow(key: "STK-1").serverId == "s2")
        #expect(try await !store.renewSessionKey(key: "STK-1"), "a created session keeps its key")
    }
}
