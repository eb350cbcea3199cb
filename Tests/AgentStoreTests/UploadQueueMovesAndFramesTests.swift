import AgentCore
import AgentStore
import Foundation
import Testing
import TestFixtures

/// Issue 23 items 4 and 8 at the queue: an item follows its bytes when its file moves (a renamed VIN
/// folder), and studio360 frames keep their places when items are forgotten or reshot — on a real SQLite
/// file and real files.
@Suite("Upload queue: moved files and frames")
struct UploadQueueMovesAndFramesTests {
    func withStore(_ body: (UploadQueueStore, URL) async throws -> Void) async throws {
        let folder = try TestEnvironment.temporaryDirectory("agent-moves")
        defer { try? FileManager.default.removeItem(at: folder) }
        try await body(try UploadQueueStore.open(at: folder.appendingPathComponent("queue.sqlite")), folder)
    }

    /// Writes `name` into `folder` (created) and returns its path.
    func write(_ name: String, in folder: URL, _ text: String) throws -> String {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    func queued(_ result: UploadQueueStore.IntakeResult) -> UploadItem? {
        if case .queued(let item) = result { return item }
        Issue.record("not queued: \(result)")
        return nil
    }

    @Test("a renamed session folder: the queued item follows its bytes to the new path and the new folder's session; a copy stays a copy")
    func renamedFolderIsFollowed() async throws {
        try await withStore { store, root in
            let typo = root.appendingPathComponent("1HGCM82633A12345X")
            let path = try write("IMG_0001.jpg", in: typo, "frame one")
            let item = try #require(queued(try store.intake(
                path: path, sha256: "s1", size: 9, mtime: 1, contentType: "image/jpeg", sessionKey: typo.lastPathComponent, frameCount: 24)))
            // While the original is there, the same bytes elsewhere are a copy.
            let copy = try write("copy.jpg", in: root.appendingPathComponent("STK-9"), "frame one")
            #expect(try store.intake(path: copy, sha256: "s1", size: 9, mtime: 2, contentType: "image/jpeg", sessionKey: "STK-9", frameCount: 24)
                == .duplicate(ofItem: item.id))

            let fixed = root.appendingPathComponent("1HGCM82633A123456")
            try FileManager.default.moveItem(at: typo, to: fixed)
            let newPath = fixed.appendingPathComponent("IMG_0001.jpg").path
            let result = try store.intake(
                path: newPath, sha256: "s1", size: 9, mtime: 1, contentType: "image/jpeg", sessionKey: fixed.lastPathComponent, frameCount: 24)
            guard case .moved(let moved, let from) = result else { Issue.record("not followed: \(result)"); return }
            #expect(from == path)
            #expect(moved.id == item.id)
            #expect(moved.path == newPath)
            #expect(moved.sessionKey == fixed.lastPathComponent, "not presigned yet: it joins the renamed folder's session")
            #expect(moved.angleDeg == item.angleDeg)
            #expect(try store.item(id: item.id)?.path == newPath)
            #expect(try store.counts().values.reduce(0, +) == 1, "one item, not a second one for the new path")
        }
    }

    @Test("an item rejected because its file was gone comes back when its bytes turn up at another path; a waiting one is due at once")
    func goneItemsComeBack() async throws {
        try await withStore { store, root in
            let old = try write("a.jpg", in: root.appendingPathComponent("STK-1"), "bytes a")
            let item = try #require(queued(try store.intake(
                path: old, sha256: "a", size: 7, mtime: 1, contentType: "image/jpeg", sessionKey: "STK-1", frameCount: nil)))
            _ = try await store.apply(
                id: item.id, expected: .discovered, UploadStateMachine().transition(from: .discovered, failures: 0, event: .qcFinished, jitter: 0),
                update: { $0.qcStatus = "pass" })
            _ = try await store.apply(
                id: item.id, expected: .qcDone,
                UploadStateMachine().transition(
                    from: .qcDone, failures: 0, event: .failed(.permanent(reason: "\(UploadQueueStore.fileGoneReason): \(old)")), jitter: 0))
            #expect(try store.item(id: item.id)?.state == .rejected)
            try FileManager.default.removeItem(atPath: old)
            let new = try write("a.jpg", in: root.appendingPathComponent("STK-1-fixed"), "bytes a")
            let later = Date().addingTimeInterval(5)
            guard case .moved(let moved, _) = try store.intake(
                path: new, sha256: "a", size: 7, mtime: 1, contentType: "image/jpeg", sessionKey: "STK-1-fixed", frameCount: nil, now: later)
            else { Issue.record("not followed"); return }
            #expect(moved.state == .qcDone, "back to the step after QC (QC had run)")
            #expect(moved.failures == 0)
            #expect(moved.lastError == nil)
            #expect(try store.due(now: later).map(\.id) == [item.id])

            // Waiting for its file (a share away): due at once when found elsewhere.
            let waiting = try write("b.jpg", in: root.appendingPathComponent("STK-2"), "bytes b")
            let second = try #require(queued(try store.intake(
                path: waiting, sha256: "b", size: 7, mtime: 1, contentType: "image/jpeg", sessionKey: "STK-2", frameCount: nil)))
            try await store.waitForFile(id: second.id, expected: .discovered, until: Date().addingTimeInterval(3600), reason: "waiting")
            #expect(try store.waitingForFiles() == 1)
            try FileManager.default.removeItem(atPath: waiting)
            let found = try write("b.jpg", in: root.appendingPathComponent("STK-2b"), "bytes b")
            guard case .moved = try store.intake(path: found, sha256: "b", size: 7, mtime: 1, contentType: "image/jpeg", sessionKey: "STK-2b", frameCount: nil)
            else { Issue.record("not followed"); return }
            #expect(try store.due().map(\.id).contains(second.id))
            #expect(try store.waitingForFiles() == 0)
        }
    }

    @Test("forgetting a frame does not shift or repeat the angles of the frames after it")
    func forgetKeepsAngles() async throws {
        try await withStore { store, root in
            let folder = root.appendingPathComponent("STK-7")
            var items: [UploadItem] = []
            for index in 0..<3 {
                let path = try write(String(format: "IMG_%04d.jpg", index), in: folder, "f\(index)")
                items.append(try #require(queued(try store.intake(
                    path: path, sha256: "f\(index)", size: 2, mtime: Double(index), contentType: "image/jpeg", sessionKey: "STK-7", frameCount: 8))))
            }
            #expect(items.map(\.angleDeg) == [0, 45, 90])
            #expect(try await store.forget(id: items[1].id))
            let next = try write("IMG_0003.jpg", in: folder, "f3")
            let fourth = try #require(queued(try store.intake(
                path: next, sha256: "f3", size: 2, mtime: 3, contentType: "image/jpeg", sessionKey: "STK-7", frameCount: 8)))
            #expect(fourth.angleDeg == 135, "the fourth frame, not the third angle again")
            #expect(!fourth.reshoot)
        }
    }

    @Test("a reshoot saved under its frame's name takes that frame's angle and is marked a reshoot; an unsent take it replaces is set aside")
    func reshootReplacesItsFrame() async throws {
        try await withStore { store, root in
            let folder = root.appendingPathComponent("STK-8")
            var items: [UploadItem] = []
            for index in 0..<4 {
                let path = try write(String(format: "IMG_%04d.jpg", index), in: folder, "t\(index)")
                items.append(try #require(queued(try store.intake(
                    path: path, sha256: "t\(index)", size: 2, mtime: Double(index), contentType: "image/jpeg", sessionKey: "STK-8", frameCount: 4))))
            }
            // Frame 2 was presigned already (has an image id): it stays; frame 1 was not: set aside.
            _ = try await store.apply(id: items[2].id, expected: .discovered, UploadStateMachine().transition(from: .discovered, failures: 0, event: .qcFinished, jitter: 0))
            _ = try await store.apply(
                id: items[2].id, expected: .qcDone, UploadStateMachine().transition(from: .qcDone, failures: 0, event: .presigned, jitter: 0),
                update: { $0.imageId = "image-2" })
            let retake2 = try write("IMG_0002 (2).jpg", in: folder, "t2 again")
            let second = try #require(queued(try store.intake(
                path: retake2, sha256: "r2", size: 8, mtime: 9, contentType: "image/jpeg", sessionKey: "STK-8", frameCount: 4)))
            #expect(second.angleDeg == 180)
            #expect(second.reshoot)
            #expect(try store.item(id: items[2].id)?.state == .presigned, "a take already presigned goes on; the reshoot replaces it on the server")

            let retake1 = try write("img_0001-retake.JPG", in: folder, "t1 again")
            let first = try #require(queued(try store.intake(
                path: retake1, sha256: "r1", size: 8, mtime: 10, contentType: "image/jpeg", sessionKey: "STK-8", frameCount: 4)))
            #expect(first.angleDeg == 90)
            #expect(first.reshoot)
            let setAside = try #require(try store.item(id: items[1].id))
            #expect(setAside.state == .rejected)
            #expect(setAside.lastError?.contains("reshoot") == true)

            // A fifth frame of a four-frame turn: the second turn's first angle, as a reshoot.
            let fifth = try write("IMG_0004.jpg", in: folder, "t4")
            let wrap = try #require(queued(try store.intake(
                path: fifth, sha256: "t4", size: 2, mtime: 11, contentType: "image/jpeg", sessionKey: "STK-8", frameCount: 4)))
            #expect(wrap.angleDeg == 0)
            #expect(wrap.reshoot)
        }
    }
}
