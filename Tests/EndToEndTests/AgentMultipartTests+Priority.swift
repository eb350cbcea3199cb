import AgentCore
import BackendApp
import Foundation
import RelayAPI
import Testing
import TestSupport

/// Issue 19, priorities: a photo queued while a long recording goes up is uploaded before the recording
/// finishes, with one upload worker (the hardest case: the recording steps aside between parts), through
/// a 2 MB/s cap so the recording takes ~30 s. Against the live backend on PostgreSQL + SeaweedFS.
extension AgentMultipartTests {
    @Test("one upload worker: a photo queued during a recording's parts is up within seconds, long before the recording; then the recording completes")
    func photoBeforeRecording() async throws {
        try await Self.withRecordingWorld("agent-priority", settings: ["bandwidth_limit_bytes_per_second": 2_000_000, "concurrency": 1]) { services, world, recordings in
            let file = recordings.appendingPathComponent("2026-11-23_Evening_prayer/A_wide.mp4")
            _ = try Self.writeCameraFile(file, size: 60 << 20)
            let agent = try world.startAgent()
            defer { agent.stop() }
            let transfer = try await Self.waitForProgress(world, agent: agent, fraction: 0.08, within: 60)
            let partCount = try #require(transfer["part_count"].flatMap(Self.int))
            let assetId = try #require(transfer["asset_id"]?.stringValue.flatMap(UUID.init(uuidString:)))

            // The operator's live view: three refreshes 2 s apart, the recording with its rate.
            let live = try await AgentEnrollTests.agent(["status", "--watch", "--interval", "2", "--count", "3", "--config", world.config.path])
            #expect(live.status == 0, "\(live.stderr)")
            let frames = live.stdout.components(separatedBy: "relay-agent status — ")
            #expect(frames.count - 1 == 3, "\(live.stdout)")
            let rateLine = frames.last?.split(separator: "\n").first { $0.contains("A_wide.mp4: ") && $0.contains("MB/s") }
            #expect(rateLine != nil, "no rate in the last frame: \(frames.last ?? "")")
            if let words = rateLine?.split(separator: " "), let unit = words.firstIndex(of: "MB/s"), unit > 0 {
                let rate = Double(words[unit - 1]) ?? 0
                #expect((0.5...5.5).contains(rate), "2 MB/s cap, measured \(rate) MB/s")
            }
            let heldAtDrop = try await Self.acceptedParts(world, session: try #require(try await services.multicam.repository.asset(id: assetId)).sessionId, asset: assetId)
            let dropped = Date()
            let shas = try AgentRunTests.dropPhotos(1, prefix: "IMG", seed: 9100, in: world.watch.appendingPathComponent("STK-PRIO"))
            var photoUp: TimeInterval?
            while photoUp == nil, Date().timeIntervalSince(dropped) < 60 {
                for session in try await world.sessions() {
                    guard let id = session["id"]?.stringValue else { continue }
                    let uploaded = try await world.images(session: id).contains {
                        shas.contains($0["content_sha256"]?.stringValue ?? "") && $0["status"]?.stringValue != "pending"
                    }
                    if uploaded { photoUp = Date().timeIntervalSince(dropped) }
                }
                if photoUp == nil { try await Task.sleep(for: .milliseconds(250)) }
            }
            let seconds = try #require(photoUp, "the photo never went up: \(world.agentLog.suffix(3000))")
            let asset = try #require(try await services.multicam.repository.asset(id: assetId))
            // What the store holds when this test's poll sees the photo, for the printout only: by then the
            // recording may even be complete (404 from the store for its finished upload).
            let held = (try? await Self.acceptedParts(world, session: asset.sessionId, asset: assetId))?.count ?? partCount
            // Counted in parts from the agent's own log, not in seconds or in what the backend holds when
            // this test's polling (slow on a loaded machine) sees the photo: between the agent queuing the
            // photo and having it up, the recording finishes at most the part in flight and one more
            // while the photo is taken in. Without priorities it would send all the rest first.
            let between = Self.partsSent(in: world.agentLog, after: "queued ", until: "uploaded ", file: "IMG_0000.jpg")
            #expect(between != nil, "the agent's log lacks the photo's queued/uploaded lines: \(world.agentLog.suffix(3000))")
            #expect((between ?? .max) <= 2, "\(between ?? -1) parts went up between the photo's queuing and upload (\(seconds) s): \(world.agentLog.suffix(3000))")
            #expect(world.agentLog.contains("a photo is waiting; pausing after part"), "\(world.agentLog.suffix(3000))")

            #expect(try await AgentRunTests.drained(world, items: 2, within: 120), "\(world.agentLog.suffix(3000))")
            // The recording was still going up when the photo was: in the agent's own log (what the backend
            // holds when this test's slow poll sees the photo says more about the poll than the agent).
            let log = world.agentLog.split(separator: "\n")
            let photoUploaded = log.firstIndex { $0.contains("uploaded ") && $0.contains("IMG_0000.jpg") }
            let lastPart = log.lastIndex { $0.contains(": part ") && $0.contains(" stored") }
            #expect(photoUploaded != nil && lastPart != nil && photoUploaded! < lastPart!, "the photo went up before the recording's last part")
            let completed = try #require(try await services.multicam.repository.asset(id: assetId))
            #expect(completed.status != .uploading, "the recording completed after the photo")
            #expect(Self.partsSent(in: world.agentLog) == Set(1...partCount), "every part sent")
            let storedLines = world.agentLog.split(separator: "\n").filter { $0.contains(": part ") && $0.contains(" stored") }
            #expect(storedLines.count == partCount, "none sent twice across the pause: \(storedLines.count) of \(partCount)")
            print(String(format: "priority: photo seen up %.1f s after it was dropped; recording parts stored %d at the drop, %d when the photo was seen up, %d sent between the agent queuing and uploading it, of %d", seconds, heldAtDrop.count, held, between ?? -1, partCount))
        }
    }
}
