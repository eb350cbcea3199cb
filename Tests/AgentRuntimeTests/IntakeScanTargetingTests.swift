@testable import AgentRuntime
import AgentCore
import AgentStore
import Foundation
import Glibc
import Logging
import Testing
import TestFixtures

/// Scanning only what changed: a finished photo in a big folder costs one file's look, not a walk of
/// every file of every folder (issue 23, item 9). Also the scan benchmark: `Benchmarks/agent-scan.sh`
/// runs this suite with `RELAY_SCAN_BENCH_FILES=100000` and reads the figures it prints.
@Suite("Intake scan: only what changed")
struct IntakeScanTargetingTests {
    /// Files in the big session folder (5,000 in the test suite).
    static let files = ProcessInfo.processInfo.environment["RELAY_SCAN_BENCH_FILES"].flatMap(Int.init) ?? 5_000

    /// A watch folder with `files` photos in one session folder, recorded as seen, and 10 new ones in
    /// another, with the queue on tmpfs when there is one.
    struct Fixture {
        let root: URL
        let big: URL
        let intake: IntakeScanner
        let scratch: URL

        init(files: Int) throws {
            let shm = URL(fileURLWithPath: "/dev/shm")
            scratch = FileManager.default.fileExists(atPath: shm.path)
                ? shm.appendingPathComponent("relay-scan-\(UUID().uuidString.prefix(8))") : try TestEnvironment.temporaryDirectory("relay-scan-db")
            root = try TestEnvironment.temporaryDirectory("relay-scan")
            big = root.appendingPathComponent("STK-BIG")
            let small = root.appendingPathComponent("STK-SMALL")
            for folder in [big, small] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
            var seen: [(path: String, size: Int64, mtime: Double)] = []
            for n in 0..<files {
                let path = big.appendingPathComponent("IMG_\(n).jpg").path
                // `Data.write` without `.atomic`: `createFile` writes a temp file and renames it, 5 ms a file here.
                try Data("big \(n)".utf8).write(to: URL(fileURLWithPath: path))
                let attributes = try FileManager.default.attributesOfItem(atPath: path)
                seen.append((path, (attributes[.size] as? NSNumber)?.int64Value ?? 0, (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0))
            }
            for n in 0..<10 { try Data("small \(n)".utf8).write(to: small.appendingPathComponent("IMG_\(n).jpg")) }
            var configuration = AgentConfiguration(stateDirectory: scratch, watchFolders: [root], settleSeconds: 0)
            // The photos here are a few bytes, not whole JPEGs: taken at once instead of after a quiet period.
            configuration.unverifiedSettleSeconds = 0
            let store = try UploadQueueStore.open(at: configuration.queueDatabase)
            // The big folder was taken before (hashing and queueing each of them is not what is measured).
            try store.markSeen(seen)
            intake = IntakeScanner(store: store, configuration: configuration, logger: Logger(label: "scan-test"))
        }

        func remove() {
            try? FileManager.default.removeItem(at: root)
            try? FileManager.default.removeItem(at: scratch)
        }
    }

    /// Wall and CPU (user + system of this thread, `CLOCK_THREAD_CPUTIME_ID`: the scan runs on it) seconds of `body`, and its result.
    static func measure<T>(_ body: () -> T) -> (T, wall: Double, cpu: Double) {
        func cpu() -> Double {
            var time = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
            return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
        }
        let (wall0, cpu0) = (ContinuousClock.now, cpu())
        let result = body()
        let wall = ContinuousClock.now - wall0
        return (result, Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18, cpu() - cpu0)
    }

    @Test("a file the watcher reports is scanned alone: 1 file looked at instead of every file of every folder")
    func changedFileAlone() async throws {
        let fixture = try Fixture(files: Self.files)
        defer { fixture.remove() }
        let intake = fixture.intake
        #expect(try intake.scanAll(now: Date().addingTimeInterval(1)) == 10)

        // Before: every event meant a full scan.
        let first = fixture.big.appendingPathComponent("NEW_1.jpg")
        FileManager.default.createFile(atPath: first.path, contents: Data("new 1".utf8))
        let before = intake.counter.examined
        let (fullQueued, fullWall, fullCPU) = Self.measure { (try? intake.scanAll(now: Date().addingTimeInterval(1))) ?? -1 }
        let fullExamined = intake.counter.examined - before
        #expect(fullQueued == 1)
        #expect(fullExamined == Self.files + 11)

        // After: the watcher's change, through the schedule, selects that file only.
        let watcher = try FolderWatcher(root: fixture.root)
        defer { watcher.stop() }
        let keeper = WatchKeeper.Root(url: fixture.root, depth: 1, watcher: watcher)
        var changes = watcher.changes().makeAsyncIterator()
        try await Task.sleep(for: .milliseconds(100))
        let second = fixture.big.appendingPathComponent("NEW_2.jpg")
        FileManager.default.createFile(atPath: second.path, contents: Data("new 2".utf8))
        let change = try #require(await changes.next())
        guard case .file(let reported) = change else { Issue.record("\(change)"); return }
        #expect(reported.path == second.path)
        let schedule = ScanSchedule()
        schedule.changed(ScanPlan.Target(change, root: keeper.url, depth: keeper.depth), settledAt: .now)
        let plan = schedule.takeDue()
        let mark = intake.counter.examined
        let (queued, wall, cpu) = Self.measure { (try? intake.scan(plan, now: Date().addingTimeInterval(1))) ?? -1 }
        #expect(queued == 1)
        #expect(intake.counter.examined - mark == 1)
        print(
            String(
                format: "scan-bench files=%d full: wall=%.4fs cpu=%.4fs examined=%d; changed-file: wall=%.6fs cpu=%.6fs examined=%d; ratio wall=%.0fx cpu=%.0fx",
                Self.files + 12, fullWall, fullCPU, fullExamined, wall, cpu, intake.counter.examined - mark, fullWall / max(wall, 1e-6),
                fullCPU / max(cpu, 1e-6)))
    }

    @Test("a new folder is scanned whole, lost events rescan their root, and a plan merges targets")
    func plans() {
        let root = URL(fileURLWithPath: "/w")
        var plan = ScanPlan([
            .init(.file(URL(fileURLWithPath: "/w/S/a.jpg")), root: root, depth: 1), .init(.file(URL(fileURLWithPath: "/w/S/b.jpg")), root: root, depth: 1),
        ])
        var expected = ScanSelection()
        expected.add(file: "a.jpg", in: "S")
        expected.add(file: "b.jpg", in: "S")
        #expect(plan.selection(for: root) == .some(expected))
        plan.add(.init(.folder(URL(fileURLWithPath: "/w/S")), root: root, depth: 1))
        var whole = ScanSelection()
        whole.add(folder: "S")
        #expect(plan.selection(for: root) == .some(whole))
        // A recording root's file selects its session folder.
        let recordings = URL(fileURLWithPath: "/r")
        plan.add(.init(.file(URL(fileURLWithPath: "/r/Sunday/A/clip.mp4")), root: recordings, depth: 2))
        var sunday = ScanSelection()
        sunday.add(folder: "Sunday")
        #expect(plan.selection(for: recordings) == .some(sunday))
        plan.add(.init(.rescan, root: root, depth: 1))
        #expect(plan.selection(for: root) == .some(nil))
        plan.add(.init(.file(URL(fileURLWithPath: "/w/T/c.jpg")), root: root, depth: 1))
        #expect(plan.selection(for: root) == .some(nil), "the whole root stays whole")
    }
}
