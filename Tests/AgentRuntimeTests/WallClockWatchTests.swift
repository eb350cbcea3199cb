@testable import AgentRuntime
import AgentCore
import AgentStore
import Foundation
import Testing
import TestFixtures

/// A step of the wall clock is noticed against the monotonic clock, and the queue's retry times move
/// with it (issue 23 item 10).
@Suite("Wall clock steps")
struct WallClockWatchTests {
    @Test("pace kept: no step; an hour back or forward between looks: that step")
    func steps() {
        let watch = WallClockWatch(threshold: 10)
        let wall = Date(timeIntervalSince1970: 1_800_000_000)
        let start = ContinuousClock.now
        #expect(watch.step(wall: wall, monotonic: start) == nil, "the first look has nothing to compare")
        #expect(watch.step(wall: wall.addingTimeInterval(2), monotonic: start + .seconds(2)) == nil)
        #expect(watch.step(wall: wall.addingTimeInterval(4 + 5), monotonic: start + .seconds(4)) == nil, "5 s of drift is not a step")
        let back = watch.step(wall: wall.addingTimeInterval(6 + 5 - 3600), monotonic: start + .seconds(6))
        #expect(back.map { abs($0 + 3600) < 0.01 } == true, "\(String(describing: back))")
        let forward = watch.step(wall: wall.addingTimeInterval(8 + 5), monotonic: start + .seconds(8))
        #expect(forward.map { abs($0 - 3600) < 0.01 } == true, "\(String(describing: forward))")
    }

    @Test("a step moves the retry times of unfinished items, not those of finished ones or window waits")
    func retriesMove() async throws {
        let folder = try TestEnvironment.temporaryDirectory("clock-step")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try UploadQueueStore.open(at: folder.appendingPathComponent("queue.sqlite"))
        let now = Date()
        func queue(_ name: String) throws -> UploadItem {
            guard case .queued(let item) = try store.intake(
                path: folder.appendingPathComponent(name).path, sha256: name, size: 1, mtime: 1, contentType: "image/jpeg", sessionKey: "S",
                frameCount: nil, now: now)
            else { throw CancellationError() }
            return item
        }
        let waiting = try queue("a"), windowed = try queue("b")
        try await store.waitForWindow(id: windowed.id, expected: .discovered, until: now.addingTimeInterval(7200))
        #expect(try store.due(now: now).map(\.id) == [waiting.id])
        // The clock steps back an hour: without the move nothing would be due for an hour.
        let stepped = now.addingTimeInterval(-3600)
        #expect(try store.due(now: stepped).isEmpty)
        #expect(try await store.shiftRetries(by: -3600) == 1)
        #expect(try store.due(now: stepped).map(\.id) == [waiting.id])
        #expect(try store.item(id: windowed.id)?.retryAt == now.addingTimeInterval(7200).timeIntervalSince1970)
    }
}
