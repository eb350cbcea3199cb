import AgentCore
import AgentStore
import Foundation
import Testing
import TestFixtures

/// Growth: the lookups made per file and every 2 s use indexes, spent URLs go at acknowledgement, and
/// retention removes what is done — but never the record that stops bytes still on disk going up twice.
@Suite("Upload queue store: indexes and retention")
struct UploadQueueRetentionTests {
    let machine = UploadStateMachine()
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func open(_ name: String) throws -> (UploadQueueStore, URL) {
        let folder = try TestEnvironment.temporaryDirectory(name)
        return (try UploadQueueStore.open(at: folder.appendingPathComponent("q.sqlite")), folder)
    }

    func queue(_ store: UploadQueueStore, path: String, session: String = "V", at time: Date) throws -> String {
        try #require(
            try store.intake(path: path, sha256: "sha-" + path, size: 10, mtime: 7, contentType: "image/jpeg", sessionKey: session, frameCount: 24, now: time)
                .item
        ).id
    }

    func walk(_ store: UploadQueueStore, _ id: String, to last: UploadEvent, at time: Date, partURLs: [Int: String] = [:]) async throws {
        let steps: [(UploadState, UploadEvent)] = [(.discovered, .qcFinished), (.qcDone, .presigned), (.presigned, .putSucceeded), (.uploaded, .acknowledged)]
        for (from, event) in steps {
            let urls = event == .presigned ? partURLs : [:]
            #expect(try await store.apply(id: id, expected: from, machine.transition(from: from, failures: 0, event: event, jitter: 1), now: time, partURLs: urls))
            if event == last { return }
        }
    }

    func reject(_ store: UploadQueueStore, _ id: String, at time: Date) async throws {
        let failed = machine.transition(from: .discovered, failures: 0, event: .failed(.permanent(reason: "bad")), jitter: 1)
        #expect(failed.state == .rejected)
        #expect(try await store.apply(id: id, expected: .discovered, failed, now: time))
    }

    @Test("per-session, pending-bytes, finished-age and path lookups are answered from indexes, not table scans")
    func indexesUsed() throws {
        let (store, folder) = try open("agent-indexes")
        defer { try? FileManager.default.removeItem(at: folder) }
        let plans = [
            try store.queryPlan("SELECT COUNT(*) FROM uploads WHERE session_key = ?", arguments: ["V"]),
            try store.queryPlan(
                "SELECT COUNT(*), SUM(state NOT IN ('acknowledged', 'rejected')) FROM uploads WHERE session_key = ?", arguments: ["V"]),
            try store.queryPlan("SELECT COALESCE(SUM(size), 0) FROM uploads WHERE state IN ('discovered', 'qc_done', 'presigned', 'uploaded')"),
            try store.queryPlan("SELECT id FROM uploads WHERE state IN ('acknowledged', 'rejected') AND updated_at < 5 ORDER BY updated_at, id"),
            try store.queryPlan("SELECT * FROM uploads WHERE path = ?", arguments: ["/x"]),
        ]
        for plan in plans {
            #expect(plan.contains { $0.contains("USING") && $0.contains("INDEX") }, "\(plan)")
            #expect(!plan.contains { $0 == "SCAN uploads" }, "\(plan)")
        }
        // Pending bytes are read from the (state, size) index alone.
        #expect(plans[2].contains { $0.contains("COVERING INDEX uploads_pending_bytes") }, "\(plans[2])")
    }

    @Test("pending bytes count the unfinished items only")
    func bytesPending() async throws {
        let (store, folder) = try open("agent-pending")
        defer { try? FileManager.default.removeItem(at: folder) }
        let a = try queue(store, path: "/c/V/a.jpg", at: t0)
        _ = try queue(store, path: "/c/V/b.jpg", at: t0)
        let c = try queue(store, path: "/c/V/c.jpg", at: t0)
        try await walk(store, a, to: .acknowledged, at: t0)
        try await reject(store, c, at: t0)
        #expect(try store.bytesPending() == 10)
        #expect(store.databaseBytes > 0)
    }

    @Test("part URLs are cleared at acknowledgement; their ETags stay for the originals check")
    func partURLsCleared() async throws {
        let (store, folder) = try open("agent-part-urls")
        defer { try? FileManager.default.removeItem(at: folder) }
        let id = try queue(store, path: "/r/S/A/clip.mp4", at: t0)
        try await walk(store, id, to: .putSucceeded, at: t0, partURLs: [1: "http://s3/p1?sig", 2: "http://s3/p2?sig"])
        try await store.recordPart(itemId: id, partNumber: 1, etag: "e1")
        #expect(try store.parts(itemId: id).map(\.url) == ["http://s3/p1?sig", "http://s3/p2?sig"])
        let acknowledged = machine.transition(from: .uploaded, failures: 0, event: .acknowledged, jitter: 1)
        #expect(try await store.apply(id: id, expected: .uploaded, acknowledged, now: t0))
        #expect(try store.parts(itemId: id).map(\.url) == ["", ""])
        #expect(try store.parts(itemId: id).map(\.etag) == ["e1", nil])
    }

    @Test("retention removes finished items past it whose file is gone and rejected ones; keeps acknowledged files still on disk, recent ones and unfinished ones")
    func prune() async throws {
        let (store, folder) = try open("agent-prune")
        defer { try? FileManager.default.removeItem(at: folder) }
        let old = t0, recent = t0.addingTimeInterval(40 * 86_400), cutoff = t0.addingTimeInterval(30 * 86_400)
        let goneOld = try queue(store, path: "/c/V/gone-old.jpg", at: old)
        let presentOld = try queue(store, path: "/c/V/present-old.jpg", at: old)
        let goneRecent = try queue(store, path: "/c/V/gone-recent.jpg", at: old)
        let rejectedOld = try queue(store, path: "/c/V/rejected-old.jpg", at: old)
        let pendingOld = try queue(store, path: "/c/V/pending-old.jpg", at: old)
        try await walk(store, goneOld, to: .acknowledged, at: old)
        try await walk(store, presentOld, to: .acknowledged, at: old)
        try await walk(store, goneRecent, to: .acknowledged, at: recent)
        try await reject(store, rejectedOld, at: old)
        // A duplicate's record (no item of its own) whose file is gone, and one whose file is still there.
        _ = try store.intake(path: "/c/V/copy-gone.jpg", sha256: "sha-/c/V/present-old.jpg", size: 10, mtime: 7, contentType: "image/jpeg", sessionKey: "V", frameCount: 24, now: old)
        _ = try store.intake(path: "/c/V/copy-here.jpg", sha256: "sha-/c/V/present-old.jpg", size: 10, mtime: 7, contentType: "image/jpeg", sessionKey: "V", frameCount: 24, now: old)
        let onDisk: Set<String> = ["/c/V/present-old.jpg", "/c/V/copy-here.jpg", "/c/V/rejected-old.jpg", "/c/V/pending-old.jpg"]

        let pruned = try store.prune(finishedBefore: cutoff, batch: 2) { !onDisk.contains($0) }
        #expect(pruned.items == 2, "the gone acknowledged one and the rejected one")
        #expect(try store.item(id: goneOld) == nil)
        #expect(try store.item(id: rejectedOld) == nil)
        #expect(try store.item(id: presentOld) != nil, "its SHA-256 stops a copy of the file going up again")
        #expect(try store.item(id: goneRecent) != nil, "within retention")
        #expect(try store.item(id: pendingOld) != nil, "not finished")
        #expect(pruned.seenFiles == 1, "the gone duplicate's record")
        #expect(!(try store.wasSeen(path: "/c/V/gone-old.jpg", size: 10, mtime: 7)))
        #expect(!(try store.wasSeen(path: "/c/V/copy-gone.jpg", size: 10, mtime: 7)))
        #expect(try store.wasSeen(path: "/c/V/copy-here.jpg", size: 10, mtime: 7))
        #expect(try store.wasSeen(path: "/c/V/rejected-old.jpg", size: 10, mtime: 7), "a rejected file still there is not queued again")
        #expect(try store.wasSeen(path: "/c/V/present-old.jpg", size: 10, mtime: 7))
        // The bytes of the kept item are not queued again: a duplicate of it — or, as its path holds no
        // file in this test, the item following them to the new path (`UploadQueueStore.follow`).
        let again = try store.intake(
            path: "/c/W/renamed.jpg", sha256: "sha-/c/V/present-old.jpg", size: 10, mtime: 9, contentType: "image/jpeg", sessionKey: "W", frameCount: 24, now: recent)
        let sameItem: String? =
            switch again {
            case .duplicate(let id): id
            case .moved(let item, _): item.id
            default: nil
            }
        #expect(sameItem == presentOld, "\(again)")
        #expect(try store.prune(finishedBefore: cutoff) { !onDisk.contains($0) && $0 != "/c/W/renamed.jpg" } == UploadQueueStore.Pruned(), "a second run finds nothing more")
    }

    @Test("a session is finished when it has items and all are acknowledged or rejected")
    func sessionFinished() async throws {
        let (store, folder) = try open("agent-session-finished")
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(!(try store.sessionFinished(key: "V")))
        let a = try queue(store, path: "/c/V/a.jpg", at: t0)
        let b = try queue(store, path: "/c/V/b.jpg", at: t0)
        try await walk(store, a, to: .acknowledged, at: t0)
        #expect(!(try store.sessionFinished(key: "V")))
        try await reject(store, b, at: t0)
        #expect(try store.sessionFinished(key: "V"))
    }
}
