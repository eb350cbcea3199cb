import AgentCore
import Foundation
import Testing
import TestFixtures

/// inotify on a real folder: finished files, renames from temp names, new session folders, stop.
@Suite("Folder watcher")
struct FolderWatcherTests {
    /// A change as comparable text (`file:/path`, `folder:/path`, `rescan`), trailing slashes aside.
    static func text(_ changes: [FolderWatcher.Change]) -> [String] {
        changes.map { change in
            switch change {
            case .file(let url): "file:" + url.path
            case .folder(let url): "folder:" + url.path
            case .rescan: "rescan"
            }
        }
    }

    /// Collects changes until `count` have arrived or 5 s pass.
    static func next(_ iterator: inout AsyncStream<FolderWatcher.Change>.Iterator, count: Int) async -> [FolderWatcher.Change] {
        var changes: [FolderWatcher.Change] = []
        let deadline = ContinuousClock.now + .seconds(5)
        while changes.count < count, ContinuousClock.now < deadline {
            guard let change = await iterator.next() else { break }
            changes.append(change)
        }
        return changes
    }

    @Test("close-write, moved-to and new session folders are reported; the stream ends on stop")
    func events() async throws {
        let root = try TestEnvironment.temporaryDirectory("relay-watch")
        defer { try? FileManager.default.removeItem(at: root) }
        let session = root.appendingPathComponent("STK-1")
        try FileManager.default.createDirectory(at: session, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent(".trash"), withIntermediateDirectories: true)

        let watcher = try FolderWatcher(root: root)
        #expect(Set(watcher.watchedFolders.map(\.lastPathComponent)) == [root.lastPathComponent, "STK-1"], "hidden folders are not watched")
        let stream = watcher.changes()
        var iterator = stream.makeAsyncIterator()
        try await Task.sleep(for: .milliseconds(100))

        let photo = session.appendingPathComponent("IMG_0001.JPG")
        try Data(repeating: 1, count: 1000).write(to: photo)
        #expect(Self.text(await Self.next(&iterator, count: 1)) == ["file:" + photo.path])

        // Tethering tools write a temp file and rename it: one event, for the final name.
        let temp = session.appendingPathComponent("IMG_0002.JPG.part")
        let final = session.appendingPathComponent("IMG_0002.JPG")
        FileManager.default.createFile(atPath: temp.path, contents: Data(repeating: 2, count: 500))
        try FileManager.default.moveItem(at: temp, to: final)
        #expect(Self.text(await Self.next(&iterator, count: 1)) == ["file:" + final.path], "the temp name raises nothing")

        let newSession = root.appendingPathComponent("1HGCM82633A123456")
        try FileManager.default.createDirectory(at: newSession, withIntermediateDirectories: true)
        #expect(Self.text(await Self.next(&iterator, count: 1)) == ["folder:" + newSession.path])
        let inNew = newSession.appendingPathComponent("a.heic")
        try Data(repeating: 3, count: 10).write(to: inNew)
        #expect(Self.text(await Self.next(&iterator, count: 1)) == ["file:" + inNew.path], "a new session folder is watched at once")

        watcher.stop()
        let deadline = ContinuousClock.now + .seconds(3)
        var ended = false
        while ContinuousClock.now < deadline {
            if await iterator.next() == nil { ended = true; break }
        }
        #expect(ended)
    }

    @Test("a recording root is watched two levels down: session folders and their camera folders, no deeper")
    func recordingDepth() async throws {
        let root = try TestEnvironment.temporaryDirectory("relay-watch-rec")
        defer { try? FileManager.default.removeItem(at: root) }
        let cameraA = root.appendingPathComponent("2026-11-22_Sunday/A")
        try FileManager.default.createDirectory(at: cameraA.appendingPathComponent("deep"), withIntermediateDirectories: true)
        let watcher = try FolderWatcher(root: root, depth: 2)
        defer { watcher.stop() }
        #expect(Set(watcher.watchedFolders.map(\.lastPathComponent)) == [root.lastPathComponent, "2026-11-22_Sunday", "A"])
        // A consumer task collects every change; the test waits for the ones it expects, 5 s at most
        // (however many folder events the kernel reports on the way).
        let seen = ChangeLog()
        let stream = watcher.changes()
        let consumer = Task { for await change in stream { seen.add(Self.text([change])[0]) } }
        defer { consumer.cancel() }
        try await Task.sleep(for: .milliseconds(100))

        let clip = cameraA.appendingPathComponent("C0001.MP4")
        try Data(repeating: 1, count: 100).write(to: clip)
        #expect(await seen.waitFor("file:" + clip.path), "\(seen.all)")

        // A new session folder with a camera folder created inside it at once: both are watched.
        let cameraB = root.appendingPathComponent("Evening/B")
        try FileManager.default.createDirectory(at: cameraB, withIntermediateDirectories: true)
        try await Task.sleep(for: .milliseconds(300))
        let late = cameraB.appendingPathComponent("clip.mov")
        try Data(repeating: 2, count: 100).write(to: late)
        #expect(await seen.waitFor("file:" + late.path), "\(seen.all)")
        #expect(!watcher.watchedFolders.contains { $0.lastPathComponent == "deep" })
    }

    @Test("a missing root is a clear error")
    func missingRoot() {
        #expect(throws: POSIXError.self) { try FolderWatcher(root: URL(fileURLWithPath: "/nonexistent/relay-watch")) }
    }
}
