import AgentCore
import BackendApp
import Foundation
import Glibc
import RelayAPI
import Testing
import TestSupport

/// Issue 23 items 4 and 8 with the real `relay-agent run` against the live backend (PostgreSQL +
/// SeaweedFS): files that move or whose share drops out are waited for and followed, never rejected for
/// good; reshoots replace their frame.
extension AgentRunTests {
    /// Waits until `condition` holds (or `seconds` pass); returns whether it held.
    static func eventually(within seconds: Double, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(500))
        }
        return try await condition()
    }

    @Test("a VIN folder renamed to fix a typo while its photos are queued: they go up from the new folder, into its vehicle's session; none is rejected")
    func renamedFolderIsFollowed() async throws {
        let port = freeLoopbackPort()
        try await TestApp.with("postgres", extra: try Self.configuration(port: port)) { services, router in
            let (world, key, orgId) = try await AgentWorld.make(services: services, port: port)
            defer { try? FileManager.default.removeItem(at: world.root) }
            try await TestApp.serve(router, port: port) { _ in try await world.enroll(orgId: orgId, key: key) }
            // The backend is away: the photos are queued and checked, not sent.
            let agent = try world.startAgent()
            defer { agent.stop() }
            let typo = world.watch.appendingPathComponent("1HGCM82633A12345X")
            let shas = try Self.dropPhotos(4, prefix: "IMG", seed: 7100, in: typo)
            #expect(try await Self.eventually(within: 30) { try await world.backlog().pending == 4 }, "\(world.agentLog.suffix(2000))")

            let fixed = world.watch.appendingPathComponent("1HGCM82633A123456")
            try FileManager.default.moveItem(at: typo, to: fixed)
            #expect(
                try await Self.eventually(within: 30) { world.agentLog.components(separatedBy: "its queue item").count - 1 == 4 },
                "intake follows each moved file: \(world.agentLog.suffix(2000))")
            try await TestApp.serve(router, port: port) { _ in
                #expect(try await Self.drained(world, items: 4, within: 120), "\(world.agentLog.suffix(3000))")
                #expect(try await world.backlog().rejected == 0, "\(world.agentLog.suffix(3000))")
                // Every photo is in the renamed folder's session. A step that was already waiting on the
                // (black-holed) backend when the folder was renamed may have opened the old VIN's session
                // and presigned into it; its result was discarded, so nothing was uploaded there.
                let sessions = try await world.sessions()
                func vin(_ session: [String: JSONValue]) -> String? {
                    if case .object(let vehicle)? = session["vehicle"] { vehicle["vin"]?.stringValue } else { nil }
                }
                let renamed = try #require(sessions.first { vin($0) == "1HGCM82633A123456" }, "\(sessions)")
                let images = try await world.images(session: try #require(renamed["id"]?.stringValue))
                #expect(Set(images.compactMap { $0["content_sha256"]?.stringValue }) == shas, "\(world.agentLog.suffix(6000))")
                #expect(images.allSatisfy { $0["status"]?.stringValue != "pending" })
                for other in sessions where vin(other) != "1HGCM82633A123456" {
                    let strays = try await world.images(session: try #require(other["id"]?.stringValue))
                    #expect(strays.allSatisfy { $0["status"]?.stringValue == "pending" }, "nothing went up into the typo's session: \(strays)")
                }
            }
            #expect(agent.isRunning)
        }
    }

    @Test(
        "a share unmounted under queued and uploaded files: queued files wait, the janitor records nothing as gone; remounted, all upload and the originals go",
        .enabled(if: ScratchMount.available))
    func unmountedShareIsWaitedFor() async throws {
        let port = freeLoopbackPort()
        // 0.005 h = 18 s after acknowledgement: long enough to unmount first, short enough for a test.
        try await TestApp.with("postgres", extra: try Self.configuration(port: port)) { services, router in
            let (world, key, orgId) = try await AgentWorld.make(services: services, port: port, settings: ["delete_originals_after_hours": 0.005])
            let share = try ScratchMount.make(store: world.root.appendingPathComponent("nas"), mountPoint: world.watch)
            defer {
                share.tearDown()
                try? FileManager.default.removeItem(at: world.root)
            }
            try share.attach()
            try await TestApp.serve(router, port: port) { _ in try await world.enroll(orgId: orgId, key: key) }
            let agent = try world.startAgent()
            defer { agent.stop() }
            let folder = world.watch.appendingPathComponent("STK-NAS1")
            let uploaded = try Self.dropPhotos(3, prefix: "A", seed: 7300, in: folder)
            try await TestApp.serve(router, port: port) { _ in
                let drained = try await Self.drained(world, items: 3, within: 60)
                #expect(drained, "\(world.agentLog.suffix(3000))")
            }
            // Offline again: two more are queued, then the share drops out.
            let queued = try Self.dropPhotos(2, prefix: "B", seed: 7400, in: folder)
            #expect(try await Self.eventually(within: 30) { try await world.backlog().pending == 2 }, "\(world.agentLog.suffix(2000))")
            try share.detach()
            #expect((try? FileManager.default.contentsOfDirectory(atPath: world.watch.path)) == [], "the mount point is an empty folder now")

            try await TestApp.serve(router, port: port) { _ in
                // Past the originals' due time and more than one janitor sweep and upload retry, share away.
                try await Task.sleep(for: .seconds(24))
                let away = try await world.backlog()
                #expect(away.rejected == 0, "\(world.agentLog.suffix(3000))")
                #expect(away.pending == 2)
                let status = try await world.status()
                if case .object(let originals)? = status["originals"] {
                    #expect(originals["gone"] == nil || originals["gone"] == .number(0), "nothing recorded as gone: \(originals)")
                }
                #expect(status["waiting_for_files"] == .number(2), "\(status)")
                #expect(world.agentLog.contains("is not mounted"), "\(world.agentLog.suffix(2000))")

                try share.attach()
                #expect(try await Self.drained(world, items: 5, within: 90), "\(world.agentLog.suffix(3000))")
                #expect(try await world.backlog().rejected == 0)
                let sessions = try await world.sessions()
                let images = try await world.images(session: try #require(sessions.first?["id"]?.stringValue))
                #expect(Set(images.compactMap { $0["content_sha256"]?.stringValue }) == uploaded.union(queued))
                // Back on the share, the acknowledged files are deleted once due.
                #expect(
                    try await Self.eventually(within: 60) {
                        if case .object(let originals)? = try await world.status()["originals"] { return originals["deleted"] == .number(5) }
                        return false
                    }, "\(world.agentLog.suffix(3000))")
            }
            #expect(agent.isRunning)
        }
    }

    @Test("a reshot frame replaces its angle on the server (one image per angle); the frames after it keep their angles")
    func reshootReplacesItsFrame() async throws {
        let port = freeLoopbackPort()
        try await TestApp.with("postgres", extra: try Self.configuration(port: port)) { services, router in
            let (world, key, orgId) = try await AgentWorld.make(services: services, port: port, settings: ["frame_count": 4])
            defer { try? FileManager.default.removeItem(at: world.root) }
            try await TestApp.serve(router, port: port) { _ in
                try await world.enroll(orgId: orgId, key: key)
                let agent = try world.startAgent()
                defer { agent.stop() }
                let folder = world.watch.appendingPathComponent("STK-SPIN")
                _ = try Self.dropPhotos(3, prefix: "IMG", seed: 7500, in: folder)
                #expect(try await Self.drained(world, items: 3, within: 60), "\(world.agentLog.suffix(3000))")
                let sessionId = try #require(try await world.sessions().first?["id"]?.stringValue)
                let before = try await world.images(session: sessionId)
                let frame1 = try #require(before.first { $0["file_name"]?.stringValue == "IMG_0001.jpg" })

                // The operator reshoots angle 90 (frame 1); the turn then goes on with frame 3.
                let reshot = try TestPhotos.jpeg(width: 320, height: 240, seed: 7599)
                try AgentWorld.drop(reshot, as: "IMG_0001 (2).jpg", in: folder)
                #expect(try await Self.drained(world, items: 4, within: 60), "\(world.agentLog.suffix(3000))")
                let last = try TestPhotos.jpeg(width: 320, height: 240, seed: 7503)
                try AgentWorld.drop(last, as: "IMG_0003.jpg", in: folder)
                #expect(try await Self.drained(world, items: 5, within: 60), "\(world.agentLog.suffix(3000))")
                #expect(try await world.backlog().rejected == 0, "\(world.agentLog.suffix(3000))")

                let images = try await world.images(session: sessionId)
                let angles = images.compactMap { image -> Double? in if case .number(let a)? = image["angle_deg"] { a } else { nil } }
                #expect(angles == [0, 90, 180, 270], "one image per angle: \(images.map { ($0["file_name"]?.stringValue ?? "", $0["angle_deg"]) })")
                let at90 = try #require(images.first { $0["angle_deg"] == .number(90) })
                #expect(at90["content_sha256"]?.stringValue == AgentWorld.sha256(reshot))
                #expect(images.first { $0["angle_deg"] == .number(270) }?["content_sha256"]?.stringValue == AgentWorld.sha256(last))
                let replaced = try await world.adminGet("/v1/images/\(try #require(frame1["id"]?.stringValue))")
                #expect(replaced["replaced_by"]?.stringValue == at90["id"]?.stringValue)
            }
        }
    }
}
