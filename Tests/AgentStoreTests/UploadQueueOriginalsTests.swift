import AgentCore
import AgentStore
import Foundation
import Testing
import TestSupport

/// Which acknowledged files are due for deletion, and the record of what became of them.
@Suite("Upload queue store: originals")
struct UploadQueueOriginalsTests {
    let machine = UploadStateMachine()

    /// Walks an item through QC, presign, PUT and acknowledgement at `at`.
    func acknowledge(_ store: UploadQueueStore, _ id: String, at time: Date) throws {
        for (from, event) in [(UploadState.discovered, UploadEvent.qcFinished), (.qcDone, .presigned), (.presigned, .putSucceeded), (.uploaded, .acknowledged)] {
            #expect(try store.apply(id: id, expected: from, machine.transition(from: from, failures: 0, event: event, jitter: 1), now: time))
        }
    }

    /// Queues `count` photos discovered at `time`; returns their ids.
    func queue(_ store: UploadQueueStore, _ count: Int, at time: Date) throws -> [String] {
        try (0..<count).map { n in
            try #require(
                try store.discover(path: "/c/V/\(n).jpg", sha256: "sha\(n)", size: 1, contentType: "image/jpeg", sessionKey: "V", angleDeg: nil, now: time)
            ).id
        }
    }

    @Test("only acknowledged items, once their hours have passed, each until its disposal is recorded")
    func due() throws {
        let folder = try TestEnvironment.temporaryDirectory("agent-originals")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("q.sqlite")
        let store = try UploadQueueStore.open(at: file)
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let ids = try queue(store, 4, at: t0)
        try acknowledge(store, ids[0], at: t0)
        try acknowledge(store, ids[1], at: t0.addingTimeInterval(3600))
        let rejected = machine.transition(from: .discovered, failures: 0, event: .failed(.permanent(reason: "bad")), jitter: 1)
        #expect(try store.apply(id: ids[2], expected: .discovered, rejected, now: t0))
        // ids[3] is still queued.

        #expect(try store.originalsDue(acknowledgedBy: t0.addingTimeInterval(-1)).isEmpty)
        #expect(try store.originalsDue(acknowledgedBy: t0).map(\.id) == [ids[0]])
        #expect(try store.originalsDue(acknowledgedBy: t0.addingTimeInterval(7200)).map(\.id) == [ids[0], ids[1]])
        #expect(try store.originalsDue(acknowledgedBy: t0.addingTimeInterval(7200), limit: 1).map(\.id) == [ids[0]])

        try store.recordOriginal(id: ids[0], .deleted)
        try store.recordOriginal(id: ids[0], .changed)
        try store.recordOriginal(id: ids[2], .deleted)
        try store.recordOriginal(id: ids[3], .deleted)
        #expect(try store.originalsDue(acknowledgedBy: t0.addingTimeInterval(7200)).map(\.id) == [ids[1]])
        try store.recordOriginal(id: ids[1], .gone)

        let reopened = try UploadQueueStore.open(at: file)
        #expect(try reopened.originalCounts() == [.deleted: 1, .gone: 1], "the first record stands; rejected and queued items are never disposed of")
        #expect(try reopened.item(id: ids[0])?.originalDisposal == .deleted)
        #expect(try reopened.item(id: ids[2])?.originalDisposal == nil)
        #expect(try reopened.originalsDue(acknowledgedBy: t0.addingTimeInterval(7200)).isEmpty)
    }

    @Test("a restart wakes items waiting for an upload window, not those backing off after failures")
    func wakePostponed() throws {
        let folder = try TestEnvironment.temporaryDirectory("agent-originals")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try UploadQueueStore.open(at: folder.appendingPathComponent("q.sqlite"))
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let ids = try queue(store, 3, at: t0)
        for id in ids {
            #expect(try store.apply(id: id, expected: .discovered, machine.transition(from: .discovered, failures: 0, event: .qcFinished, jitter: 1), now: t0))
        }
        try store.postpone(id: ids[0], expected: .qcDone, until: t0.addingTimeInterval(36_000))
        let offline = machine.transition(from: .qcDone, failures: 3, event: .failed(.transient(reason: "offline", retryAfter: nil)), jitter: 1)
        #expect(try store.apply(id: ids[1], expected: .qcDone, offline, now: t0))
        #expect(try store.due(now: t0).map(\.id) == [ids[2]])

        #expect(try store.wakePostponed(now: t0) == 1)
        #expect(Set(try store.due(now: t0).map(\.id)) == [ids[0], ids[2]])
        #expect(try store.wakePostponed(now: t0) == 0)
    }
}
