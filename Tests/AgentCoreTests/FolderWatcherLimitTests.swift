import AgentCore
import Foundation
import Testing
import TestFixtures

/// The inotify watch budget: folders beyond it are listed (scanned on a timer by the daemon), never an
/// error; finished sessions give their watches back; released folders can be watched again.
@Suite("Folder watcher: watch limit and release")
struct FolderWatcherLimitTests {
    static func folder(_ root: URL, _ name: String) throws -> URL {
        let url = root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("beyond the limit a folder is listed as unwatched, at start and at run time; its new-folder change is still reported")
    func unwatchedAtLimit() async throws {
        let root = try TestEnvironment.temporaryDirectory("relay-watch-limit")
        defer { try? FileManager.default.removeItem(at: root) }
        let a = try Self.folder(root, "STK-A"), b = try Self.folder(root, "STK-B")
        // Room for the root and one session folder.
        let watcher = try FolderWatcher(root: root, watchLimit: 2)
        defer { watcher.stop() }
        #expect(watcher.watchedFolders.count == 2)
        #expect(watcher.unwatchedFolders.count == 1)
        #expect(Set((watcher.watchedFolders + watcher.unwatchedFolders).map(\.path)) == [root.path, a.path, b.path])

        let seen = ChangeLog()
        let stream = watcher.changes()
        let consumer = Task { for await change in stream { seen.add(FolderWatcherTests.text([change])[0]) } }
        defer { consumer.cancel() }
        try await Task.sleep(for: .milliseconds(100))
        let late = try Self.folder(root, "STK-C")
        #expect(await seen.waitFor("folder:" + late.path), "a folder that gets no watch is still reported once: \(seen.all)")
        #expect(watcher.unwatchedFolders.map(\.path).contains(late.path))
        #expect(watcher.watchedFolders.count == 2)
    }

    @Test("a released folder gives its watch to a folder waiting for one; its files raise nothing until it is watched again")
    func releaseAndRewatch() async throws {
        let root = try TestEnvironment.temporaryDirectory("relay-watch-release")
        defer { try? FileManager.default.removeItem(at: root) }
        let a = try Self.folder(root, "STK-A"), b = try Self.folder(root, "STK-B")
        let watcher = try FolderWatcher(root: root, watchLimit: 2)
        defer { watcher.stop() }
        let first = try #require(watcher.watchedFolders.first { $0.path != root.path })
        let waiting = first.path == a.path ? b : a
        #expect(watcher.unwatchedFolders.map(\.path) == [waiting.path])

        watcher.release(first)
        #expect(watcher.releasedFolders.map(\.path) == [first.path])
        #expect(watcher.watchedFolders.map(\.path) == [root.path])
        watcher.refresh()
        #expect(Set(watcher.watchedFolders.map(\.path)) == [root.path, waiting.path], "the freed watch goes to the waiting folder, not back to the released one")
        #expect(watcher.unwatchedFolders.isEmpty)

        let seen = ChangeLog()
        let stream = watcher.changes()
        let consumer = Task { for await change in stream { seen.add(FolderWatcherTests.text([change])[0]) } }
        defer { consumer.cancel() }
        try await Task.sleep(for: .milliseconds(100))
        // Events arrive in order: the watched folder's file is reported after anything from the released one.
        let quiet = first.appendingPathComponent("IMG_1.JPG"), heard = waiting.appendingPathComponent("IMG_2.JPG")
        try Data([1]).write(to: quiet)
        try Data([2]).write(to: heard)
        #expect(await seen.waitFor("file:" + heard.path))
        #expect(!seen.all.contains("file:" + quiet.path), "\(seen.all)")

        #expect(!watcher.rewatch(first), "no watch left while the limit is spent")
        #expect(watcher.unwatchedFolders.map(\.path) == [first.path])
        watcher.release(waiting)
        #expect(watcher.rewatch(first))
        #expect(Set(watcher.watchedFolders.map(\.path)) == [root.path, first.path])
        let again = first.appendingPathComponent("IMG_3.JPG")
        try Data([3]).write(to: again)
        #expect(await seen.waitFor("file:" + again.path))
    }

    @Test("a root that gets no watch at all is an error (the daemon scans it on a timer)")
    func rootBeyondLimit() {
        #expect(throws: POSIXError.self) { try FolderWatcher(root: FileManager.default.temporaryDirectory, watchLimit: 0) }
    }

    @Test("a session folder renamed inside the root stays watched under its new name")
    func renamedFolderStaysWatched() async throws {
        let root = try TestEnvironment.temporaryDirectory("relay-watch-rename")
        defer { try? FileManager.default.removeItem(at: root) }
        let old = try Self.folder(root, "STK-OLD")
        let watcher = try FolderWatcher(root: root)
        defer { watcher.stop() }
        let seen = ChangeLog()
        let stream = watcher.changes()
        let consumer = Task { for await change in stream { seen.add(FolderWatcherTests.text([change])[0]) } }
        defer { consumer.cancel() }
        try await Task.sleep(for: .milliseconds(100))
        let new = root.appendingPathComponent("STK-NEW")
        try FileManager.default.moveItem(at: old, to: new)
        #expect(await seen.waitFor("folder:" + new.path))
        try await Task.sleep(for: .milliseconds(200))
        let photo = new.appendingPathComponent("IMG_1.JPG")
        try Data([1]).write(to: photo)
        #expect(await seen.waitFor("file:" + photo.path), "\(seen.all)")
        #expect(Set(watcher.watchedFolders.map(\.path)) == [root.path, new.path])
    }
}
