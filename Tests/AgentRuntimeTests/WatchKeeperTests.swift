@testable import AgentRuntime
import AgentCore
import Foundation
import Logging
import Testing
import TestFixtures

/// Which session folders give their inotify watch back, and when they get it again.
@Suite("Watch keeper: release of finished sessions")
struct WatchKeeperTests {
    @Test("a finished, quiet session is released (the root and unfinished ones stay); a change watches it again; status counts them")
    func releaseAndRewatch() async throws {
        let root = try TestEnvironment.temporaryDirectory("relay-keeper")
        defer { try? FileManager.default.removeItem(at: root) }
        let done = root.appendingPathComponent("STK-DONE"), busy = root.appendingPathComponent("STK-BUSY")
        for folder in [done, busy] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        let configuration = AgentConfiguration(stateDirectory: root, watchFolders: [root], rescanSeconds: 60)
        let keeper = WatchKeeper(configuration: configuration, logger: Logger(label: "keeper-test"), releaseAfter: 600)
        defer { keeper.stop() }
        let watcher = try #require(keeper.roots.first?.watcher)
        #expect(keeper.statusValues()["watch_mode"] == "inotify")
        #expect(keeper.statusValues()["watch_watched"] == "3")

        // Not quiet for long enough yet: nothing is released.
        #expect(keeper.maintain(now: Date()) { _ in true }.isEmpty)
        #expect(watcher.releasedFolders.isEmpty)

        // Ten minutes later: only the finished session is released.
        let later = Date().addingTimeInterval(601)
        _ = keeper.maintain(now: later) { $0 == "STK-DONE" }
        #expect(watcher.releasedFolders.map(\.path) == [done.path])
        #expect(Set(watcher.watchedFolders.map(\.path)) == [root.path, busy.path])
        #expect(keeper.statusValues()["watch_released"] == "1")
        #expect(keeper.unwatchedPlan().isEmpty, "a released folder is left to the full rescan")

        // A reshoot into the released folder: the next maintenance (after the full rescan) watches it again.
        try await Task.sleep(for: .milliseconds(20))
        FileManager.default.createFile(atPath: done.appendingPathComponent("IMG_9.JPG").path, contents: Data([9]))
        #expect(keeper.maintain(now: later) { $0 == "STK-DONE" }.map(\.path) == [done.path])
        #expect(watcher.releasedFolders.isEmpty)
        #expect(Set(watcher.watchedFolders.map(\.path)) == [root.path, busy.path, done.path])
    }

    @Test("a root that cannot be watched at all is scanned whole on the timer and reported degraded")
    func unwatchableRoot() throws {
        let root = try TestEnvironment.temporaryDirectory("relay-keeper-root")
        defer { try? FileManager.default.removeItem(at: root) }
        let configuration = AgentConfiguration(stateDirectory: root, watchFolders: [root], rescanSeconds: 60)
        let keeper = WatchKeeper(configuration: configuration, logger: Logger(label: "keeper-test"), watchLimit: 0)
        #expect(keeper.roots.first?.watcher == nil)
        #expect(keeper.unwatchedPlan() == ScanPlan.everything([root]))
        #expect(keeper.statusValues()["watch_mode"] == "degraded")
        #expect(keeper.degradedScanSeconds == 10)
    }
}
