import AgentCore
import AgentStore
import Foundation
import Testing
import TestFixtures

/// Which acknowledged files are due for deletion, the record of what became of them, and waits for an
/// upload window.
@Suite("Upload queue store: originals and window waits")
struct UploadQueueOriginalsTests {
    let machine = UploadStateMachine()
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    /// Queues `count` photos under `/c/V/` discovered at `time`; returns their ids.
    func queue(_ store: UploadQueueStore, _ count: Int, at time: Date, folder: String = "/c/V") throws -> [String] {
        try (0..<count).map { n in
            try #require(
                try store.intake(
                    path: "\(folder)/\(n).jpg", sha256: "\(folder)-sha\(n)", size: 1, mtime: 7, contentType: "image/jpeg", sessionKey: "V",
                    frameCount: nil, now: time
                ).item
            ).id
        }
    }

    /// Walks an item through QC, presign, PUT and acknowledgement at `time`.
    func acknowledge(_ store: UploadQueueStore, _ id: String, at time: Date) async throws {
        for (from, event) in [(UploadState.discovered, UploadEvent.qcFinished), (.qcDone, .presigned), (.presigned, .putSucceeded), (.uploaded, .acknowledged)] {
            #expect(try await store.apply(id: id, expected: from, machine.transition(from: from, failures: 0, event: event, jitter: 1), now: time))
        }
    }

    func open(_ name: String) throws -> (UploadQueueStore, URL) {
        let folder = try TestEnvironment.temporaryDirectory(name)
        return (try UploadQueueStore.open(at: folder.appendingPathComponent("q.sqlite")), folder)
    }

    @Test("only acknowledged items under the watched folders, once their hours have passed, each until its disposal is recorded")
    func due() async throws {
        let (store, folder) = try open("agent-originals")
        defer { try? FileManager.default.removeItem(at: folder) }
        let ids = try queue(store, 4, at: t0)
        let elsewhere = try queue(store, 1, at: t0, folder: "/old/V")
        let lookalike = try queue(store, 1, at: t0, folder: "/cx/V")
        try await acknowledge(store, ids[0], at: t0)
        try await acknowledge(store, ids[1], at: t0.addingTimeInterval(3600))
        try await acknowledge(store, elsewhere[0], at: t0)
        try await acknowledge(store, lookalike[0], at: t0)
        let rejected = machine.transition(from: .discovered, failures: 0, event: .failed(.permanent(reason: "bad")), jitter: 1)
        #expect(try await store.apply(id: ids[2], expected: .discovered, rejected, now: t0))
        // ids[3] is still queued.

        let later = t0.addingTimeInterval(7200)
        #expect(try store.originalsDue(acknowledgedBy: t0.addingTimeInterval(-1), roots: ["/c"]).isEmpty)
        #expect(try store.originalsDue(acknowledgedBy: t0, roots: ["/c"]).map(\.id) == [ids[0]])
        #expect(try store.originalsDue(acknowledgedBy: later, roots: ["/c/"]).map(\.id) == [ids[0], ids[1]])
        #expect(try store.originalsDue(acknowledgedBy: later, roots: ["/c"], limit: 1).map(\.id) == [ids[0]])
        #expect(try store.originalsDue(acknowledgedBy: later, roots: ["/c"], excluding: [ids[0]]).map(\.id) == [ids[1]], "a file that failed does not hold up the rest")
        #expect(try store.originalsDue(acknowledgedBy: later, roots: []).isEmpty, "no folders, nothing deleted")
        #expect(try store.originalsDue(acknowledgedBy: later, roots: ["/old"]).map(\.id) == elsewhere)

        try store.recordOriginal(id: ids[0], .deleted)
        try store.recordOriginal(id: ids[0], .changed)
        try store.recordOriginal(id: ids[2], .deleted)
        try store.recordOriginal(id: ids[3], .deleted)
        #expect(try store.originalsDue(acknowledgedBy: later, roots: ["/c"]).map(\.id) == [ids[1]])
        try store.recordOriginal(id: ids[1], .gone)

        let reopened = try UploadQueueStore.open(at: folder.appendingPathComponent("q.sqlite"))
        #expect(try reopened.originalCounts() == [.deleted: 1, .gone: 1], "the first record stands; rejected and queued items are never disposed of")
        #expect(try reopened.item(id: ids[0])?.originalDisposal == .deleted)
        #expect(try reopened.item(id: ids[2])?.originalDisposal == nil)
        #expect(try reopened.originalsDue(acknowledgedBy: later, roots: ["/c"]).isEmpty)
    }

    @Test("a disposed-of path is forgotten by intake, so a new file there with the old size and mtime is taken")
    func seenFilesForgotten() async throws {
        let (store, folder) = try open("agent-originals")
        defer { try? FileManager.default.removeItem(at: folder) }
        let ids = try queue(store, 3, at: t0)
        for id in ids { try await acknowledge(store, id, at: t0) }
        #expect(try store.wasSeen(path: "/c/V/0.jpg", size: 1, mtime: 7))
        try store.recordOriginal(id: ids[0], .deleted)
        try store.recordOriginal(id: ids[1], .changed)
        try store.recordOriginal(id: ids[2], .unverified)
        #expect(try !store.wasSeen(path: "/c/V/0.jpg", size: 1, mtime: 7))
        #expect(try !store.wasSeen(path: "/c/V/1.jpg", size: 1, mtime: 7))
        #expect(try store.wasSeen(path: "/c/V/2.jpg", size: 1, mtime: 7), "the same file, kept: nothing new to look at")
        let again = try store.intake(path: "/c/V/0.jpg", sha256: "next-frame", size: 1, mtime: 7, contentType: "image/jpeg", sessionKey: "V", frameCount: nil)
        #expect(again.item != nil, "the next frame under the old name is queued")
    }

    @Test("a restart wakes items waiting for an upload window, even after failures; backoff and terminal items keep their time")
    func wakePostponed() async throws {
        let (store, folder) = try open("agent-windows")
        defer { try? FileManager.default.removeItem(at: folder) }
        let ids = try queue(store, 4, at: t0)
        for id in ids {
            #expect(try await store.apply(id: id, expected: .discovered, machine.transition(from: .discovered, failures: 0, event: .qcFinished, jitter: 1), now: t0))
        }
        let offline = machine.transition(from: .qcDone, failures: 3, event: .failed(.transient(reason: "offline", retryAfter: nil)), jitter: 1)
        // 0: waits for the window. 1: failed, then waits for the window. 2: backing off. 3: due.
        try await store.waitForWindow(id: ids[0], expected: .qcDone, until: t0.addingTimeInterval(36_000))
        #expect(try await store.apply(id: ids[1], expected: .qcDone, offline, now: t0))
        try await store.waitForWindow(id: ids[1], expected: .qcDone, until: t0.addingTimeInterval(36_000))
        #expect(try await store.apply(id: ids[2], expected: .qcDone, offline, now: t0))
        #expect(try store.due(now: t0).map(\.id) == [ids[3]])

        #expect(try await store.wakePostponed(now: t0) == 2)
        #expect(Set(try store.due(now: t0).map(\.id)) == [ids[0], ids[1], ids[3]])
        #expect(try await store.wakePostponed(now: t0) == 0)
        // A step taken clears the wait: a later restart does not wake a backoff.
        try await store.waitForWindow(id: ids[0], expected: .qcDone, until: t0.addingTimeInterval(36_000))
        #expect(try await store.apply(id: ids[0], expected: .qcDone, offline, now: t0))
        #expect(try await store.wakePostponed(now: t0) == 0)
    }
}

extension UploadQueueStore.IntakeResult {
    var item: UploadItem? { if case .queued(let item) = self { item } else { nil } }
}
