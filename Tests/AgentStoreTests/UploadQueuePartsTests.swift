import AgentCore
import AgentStore
import Foundation
import Synchronization
import Testing
import TestFixtures

/// A recording's multipart parts in the queue: stored with the grant's transition, ETags committed one by
/// one, reconciled with what the store lists, progress for `status`, gone with the item.
@Suite("Upload queue: multipart parts")
struct UploadQueuePartsTests {
    let machine = UploadStateMachine()

    @Test("parts arrive with the grant; renewed URLs keep ETags; reconcile takes the store's list; forget removes them")
    func parts() async throws {
        let folder = try TestEnvironment.temporaryDirectory("agent-parts")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("queue.sqlite")
        let store = try UploadQueueStore.open(at: path)
        let result = try store.intake(
            path: "/r/S/A_wide.mp4", sha256: "v1", size: 250, mtime: 0, contentType: "video/mp4", sessionKey: "recording:S", frameCount: nil,
            cameraLabel: "A")
        guard case .queued(let queued) = result else { Issue.record("\(result)"); return }
        #expect(queued.isRecording && queued.angleDeg == nil)
        var item = queued
        for event in [UploadEvent.qcFinished] {
            let transition = machine.transition(from: item.state, failures: 0, event: event, jitter: 0)
            try await store.apply(id: item.id, expected: item.state, transition)
            item = try #require(try store.item(id: item.id))
        }
        let grant = machine.transition(from: .qcDone, failures: 0, event: .presigned, jitter: 0)
        let urls = [1: "http://s3/p1?a", 2: "http://s3/p2?a", 3: "http://s3/p3?a"]
        #expect(try await store.apply(id: item.id, expected: .qcDone, grant, update: { $0.assetId = "asset-1"; $0.partSize = 100; $0.partCount = 3 }, partURLs: urls))
        #expect(try store.parts(itemId: item.id).map(\.url) == ["http://s3/p1?a", "http://s3/p2?a", "http://s3/p3?a"])

        try await store.recordPart(itemId: item.id, partNumber: 1, etag: "\"e1\"")
        try await store.recordPart(itemId: item.id, partNumber: 2, etag: "\"e2\"")
        var transfer = try #require(try store.transfers().first)
        #expect(transfer.partsDone == 2 && transfer.partCount == 3 && transfer.bytesDone == 200 && transfer.cameraLabel == "A")

        // A renewed grant (URLs expired) replaces URLs and keeps what was accepted.
        let back = machine.transition(from: .presigned, failures: 0, event: .urlExpired, jitter: 0)
        try await store.apply(id: item.id, expected: .presigned, back)
        try await store.apply(id: item.id, expected: .qcDone, grant, partURLs: [1: "http://s3/p1?b", 2: "http://s3/p2?b", 3: "http://s3/p3?b"])
        let renewed = try UploadQueueStore.open(at: path).parts(itemId: item.id)
        #expect(renewed.map(\.url) == ["http://s3/p1?b", "http://s3/p2?b", "http://s3/p3?b"])
        #expect(renewed.map(\.etag) == ["\"e1\"", "\"e2\"", nil])

        // The store lists part 1 and part 3 (3 sent by a run killed before it recorded the ETag) but lost 2.
        let accepted = try await store.reconcileParts(itemId: item.id, accepted: [1: "\"e1\"", 3: "\"e3\""])
        #expect(accepted == [1, 3])
        #expect(try store.parts(itemId: item.id).map(\.etag) == ["\"e1\"", nil, "\"e3\""])
        transfer = try #require(try store.transfers().first)
        #expect(transfer.partsDone == 2)

        #expect(try await store.forget(id: item.id))
        #expect(try store.parts(itemId: item.id).isEmpty, "parts go with their item")
        #expect(try store.transfers().isEmpty)
    }
}

/// The daemon and `relay-agent status` opening a new database at the same moment.
@Suite("Upload queue: concurrent first open")
struct UploadQueueConcurrentOpenTests {
    @Test("eight openers of a new database at once: every one gets a migrated, working queue")
    func concurrentOpen() throws {
        for round in 0..<5 {
            let folder = try TestEnvironment.temporaryDirectory("agent-open-\(round)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let path = folder.appendingPathComponent("queue.sqlite")
            let failures = Failures()
            DispatchQueue.concurrentPerform(iterations: 8) { _ in
                do {
                    let store = try UploadQueueStore.open(at: path)
                    _ = try store.counts()
                    #expect(try store.journalMode() == "wal")
                } catch {
                    failures.add("\(error)")
                }
            }
            #expect(failures.all.isEmpty, "round \(round): \(failures.all)")
        }
    }
}

final class Failures: Sendable {
    private let list = Mutex<[String]>([])
    func add(_ text: String) { list.withLock { $0.append(text) } }
    var all: [String] { list.withLock { $0 } }
}
