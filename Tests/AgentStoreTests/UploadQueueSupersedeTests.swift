import AgentCore
import AgentStore
import Foundation
import Testing
import TestFixtures

/// A file that changes after it was queued (a writer that paused longer than intake waited) supersedes
/// its item until the backend has acknowledged its bytes; after that it is a new capture.
@Suite("Upload queue: a changed file supersedes its item")
struct UploadQueueSupersedeTests {
    let machine = UploadStateMachine()
    /// Where the files are: real files, so that an item whose bytes turn up at another path is a copy
    /// (its own file is still there), not a move (`UploadQueueStore.follow`).
    let files = FileManager.default.temporaryDirectory.appendingPathComponent("agent-supersede-files-\(UUID().uuidString.prefix(8))/VIN1")

    func withStore(_ body: (UploadQueueStore) async throws -> Void) async throws {
        let folder = try TestEnvironment.temporaryDirectory("agent-supersede")
        defer {
            try? FileManager.default.removeItem(at: folder)
            try? FileManager.default.removeItem(at: files.deletingLastPathComponent())
        }
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
        try await body(try UploadQueueStore.open(at: folder.appendingPathComponent("queue.sqlite")))
    }

    func intake(_ store: UploadQueueStore, _ name: String, sha: String, size: Int64, camera: String? = nil) throws -> UploadQueueStore.IntakeResult {
        let path = files.appendingPathComponent(name)
        try Data("bytes \(sha)".utf8).write(to: path)
        return try store.intake(
            path: path.path, sha256: sha, size: size, mtime: Double(size), contentType: "image/jpeg", sessionKey: "VIN1",
            frameCount: camera == nil ? 24 : nil, cameraLabel: camera)
    }

    @Test("a photo presigned for its prefix: same id and angle, new hash and size, back to the first step; a late step about the old bytes commits nothing")
    func photo() async throws {
        try await withStore { store in
            guard case .queued(let first) = try intake(store, "1.jpg", sha: "a", size: 10),
                case .queued(let half) = try intake(store, "2.jpg", sha: "half", size: 50)
            else { Issue.record("not queued"); return }
            #expect(try await store.apply(id: half.id, expected: .discovered, machine.transition(from: .discovered, failures: 0, event: .qcFinished, jitter: 1), update: { $0.qcStatus = "fail" }))
            #expect(try await store.apply(id: half.id, expected: .qcDone, machine.transition(from: .qcDone, failures: 0, event: .presigned, jitter: 1), update: {
                $0.imageId = "img-1"
                $0.uploadURL = "http://s3/x"
                $0.urlExpiresAt = 99
            }))

            let result = try intake(store, "2.jpg", sha: "whole", size: 100)
            guard case .superseded(let item, let previousSize) = result else { Issue.record("\(result)"); return }
            #expect(previousSize == 50)
            #expect(item.id == half.id && item.angleDeg == half.angleDeg && item.angleDeg == 15)
            #expect(item.sha256 == "whole" && item.size == 100 && item.state == .discovered)
            #expect(item.imageId == nil && item.uploadURL == nil && item.qcStatus == nil && item.failures == 0)
            #expect(try store.item(id: half.id) == item)
            #expect(try store.items().count == 2, "no second item")
            #expect(try store.wasSeen(path: files.appendingPathComponent("2.jpg").path, size: 100, mtime: 100))

            // The PUT of the old bytes answers late: it is about bytes the item no longer stands for.
            #expect(try await !store.apply(id: item.id, expected: .discovered, sha256: "half", machine.transition(from: .discovered, failures: 0, event: .qcFinished, jitter: 1)))
            #expect(try store.item(id: item.id)?.state == .discovered)

            // Touched, not changed: nothing happens.
            guard case .unchanged = try intake(store, "2.jpg", sha: "whole", size: 100) else { Issue.record("touched file"); return }
            // The next frame still gets the next angle.
            guard case .queued(let third) = try intake(store, "3.jpg", sha: "c", size: 10) else { Issue.record("third"); return }
            #expect(third.angleDeg == 30)
            _ = first
        }
    }

    @Test("a recording under way: its asset, upload id and parts are cleared, its camera kept; a rejected item is superseded too")
    func recording() async throws {
        try await withStore { store in
            guard case .queued(let clip) = try intake(store, "A_wide.mp4", sha: "half", size: 1000, camera: "A") else { Issue.record("not queued"); return }
            #expect(try await store.apply(id: clip.id, expected: .discovered, machine.transition(from: .discovered, failures: 0, event: .qcFinished, jitter: 1)))
            #expect(try await store.apply(
                id: clip.id, expected: .qcDone, machine.transition(from: .qcDone, failures: 0, event: .presigned, jitter: 1),
                update: { $0.assetId = "asset-1"; $0.multipartUploadId = "up-1"; $0.partSize = 500; $0.partCount = 2 },
                partURLs: [1: "http://s3/1", 2: "http://s3/2"]))
            try await store.recordPart(itemId: clip.id, partNumber: 1, etag: "e1")

            guard case .superseded(let item, _) = try intake(store, "A_wide.mp4", sha: "whole", size: 3000, camera: "A") else { Issue.record("not superseded"); return }
            #expect(item.id == clip.id && item.cameraLabel == "A" && item.state == .discovered)
            #expect(item.assetId == nil && item.multipartUploadId == nil && item.partCount == nil && item.partSize == nil)
            #expect(try store.parts(itemId: clip.id).isEmpty)

            // Rejected (say the backend refused the prefix), then the file changes: a new try for the same item.
            #expect(try await store.apply(id: clip.id, expected: .discovered, machine.transition(from: .discovered, failures: 0, event: .failed(.permanent(reason: "no")), jitter: 1)))
            guard case .superseded(let again, _) = try intake(store, "A_wide.mp4", sha: "whole2", size: 3100, camera: "A") else { Issue.record("rejected not superseded"); return }
            #expect(again.id == clip.id && again.state == .discovered && again.lastError == nil)
        }
    }

    @Test("after acknowledgement a changed file is a new capture; a file rewritten with another item's bytes leaves its item nothing to send")
    func afterAcknowledgement() async throws {
        try await withStore { store in
            guard case .queued(let item) = try intake(store, "1.jpg", sha: "a", size: 10) else { Issue.record("not queued"); return }
            var state = UploadState.discovered
            for event in [UploadEvent.qcFinished, .presigned, .putSucceeded, .acknowledged] {
                let transition = machine.transition(from: state, failures: 0, event: event, jitter: 1)
                #expect(try await store.apply(id: item.id, expected: state, transition))
                state = transition.state
            }
            #expect(state == .acknowledged)
            guard case .queued(let reshoot) = try intake(store, "1.jpg", sha: "b", size: 20) else { Issue.record("not a new item"); return }
            #expect(reshoot.id != item.id)
            #expect(try store.item(id: item.id)?.sha256 == "a", "the acknowledged item keeps its bytes")

            guard case .queued(let other) = try intake(store, "2.jpg", sha: "c", size: 10) else { Issue.record("not queued"); return }
            guard case .duplicate(let of) = try intake(store, "2.jpg", sha: "b", size: 20) else { Issue.record("not a duplicate"); return }
            #expect(of == reshoot.id)
            let left = try #require(try store.item(id: other.id))
            #expect(left.state == .rejected && (left.lastError ?? "").contains(reshoot.id))
        }
    }
}
