import AsyncHTTPClient
import BackendApp
import BackendCore
import Foundation
import RelayAPI
import Testing
import TestSupport

/// Seed 000's sync flow end to end: three cameras cut from one recording at known offsets, ingested by
/// the worker, synced by the engine through the API with WebSocket events, then approved and corrected.
@Suite("Audio sync end to end", .serialized)
struct SyncEndToEndTests {
    /// One 30 s "room" recording (pink noise with tone bursts) and camera files cut from it: A from 2.000 s,
    /// B from 3.234 s (offset −1234 ms), C from 1.468 s (+532 ms), each 20 s with PCM audio in MOV.
    static func makeCameras(in folder: URL) async throws -> [String: URL] {
        let room = folder.appendingPathComponent("room.wav")
        try await TestVideos.run("ffmpeg", [
            "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "anoisesrc=d=30:c=pink:r=48000:a=0.3:seed=7",
            "-f", "lavfi", "-i", "sine=f=660:r=48000:d=30,volume='if(lt(mod(t,1.7),0.15),0.8,0)':eval=frame",
            "-filter_complex", "amix=inputs=2:normalize=0", "-c:a", "pcm_s16le", room.path,
        ])
        var cameras: [String: URL] = [:]
        for (camera, start) in [("A", "2.000"), ("B", "3.234"), ("C", "1.468")] {
            let file = folder.appendingPathComponent("CAM_\(camera).mov")
            try await TestVideos.run("ffmpeg", [
                "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30:duration=20",
                "-ss", start, "-t", "20", "-i", room.path, "-map", "0:v", "-map", "1:a", "-c:v", "libx264", "-preset", "ultrafast",
                "-pix_fmt", "yuv420p", "-c:a", "pcm_s16le", "-shortest", file.path,
            ])
            cameras[camera] = file
        }
        return cameras
    }

    @Test("compute → sync.computing/sync.complete → offsets within 1 ms → approve → correct keeps history")
    func syncFlow() async throws {
        let folder = try TestEnvironment.temporaryDirectory("relay-sync")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cameras = try await Self.makeCameras(in: folder)
        try await MulticamEndToEndTests.withWorld("local") { world in
            let client = world.client
            let session = try await client.createSession(title: "Sync test")
            #expect(try await client.call(.GET, "/v2/sessions/\(session)/sync").status == 404)
            #expect(try await client.call(.POST, "/v2/sessions/\(session)/sync/compute", json: ["masterCamera": "A"]).status == 400, "no assets")
            for camera in ["A", "B", "C"] {
                let upload = try await client.uploadParts(session: session, camera: camera, file: cameras[camera]!, contentType: "video/quicktime")
                #expect(try await client.complete(session: session, asset: upload.asset, uploadId: upload.uploadId, parts: upload.parts).status == 200)
            }
            let deadline = ContinuousClock.now + .seconds(180)
            while ContinuousClock.now < deadline {
                if try await client.call(.GET, "/v2/sessions/\(session)/status").object["status"] as? String == "ready" { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            let unknown = try await client.call(.POST, "/v2/sessions/\(session)/sync/compute", json: ["masterCamera": "Z"])
            #expect(unknown.status == 400 && (unknown.object["error"] as? [String: Any])?["code"] as? String == "VALIDATION_ERROR")
            #expect(try await client.call(.POST, "/v2/sessions/\(session)/sync/compute", json: ["masterCamera": "A", "method": "ai"]).status == 400)
            #expect(try await client.call(.POST, "/v2/sessions/\(session)/sync/approve", json: [:]).status == 404, "nothing to approve yet")

            let events = MulticamClient.Events()
            let listener = Task {
                try await client.listen(session: session, into: events) { texts in
                    MulticamClient.Events.parse(texts).contains { $0["event"] as? String == "sync.complete" }
                }
            }
            try await Task.sleep(for: .milliseconds(300))
            let started = try await client.call(.POST, "/v2/sessions/\(session)/sync/compute", json: ["masterCamera": "A", "method": "xcorr"])
            #expect(started.status == 202)
            #expect(started.object["status"] as? String == "syncing" && started.object["syncJobId"] as? String != nil)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await listener.value }
                group.addTask {
                    try await Task.sleep(for: .seconds(120))
                    throw MissingTestService("sync.complete did not arrive")
                }
                try await group.next()
                group.cancelAll()
            }
            let kinds = events.all.compactMap { $0["event"] as? String }
            #expect(kinds.first == "sync.computing" && kinds.last == "sync.complete", "\(kinds)")
            let progress = events.all.filter { $0["event"] as? String == "sync.computing" }.compactMap { $0["progress"] as? Double }
            #expect(progress == progress.sorted())

            let result = try await client.call(.GET, "/v2/sessions/\(session)/sync")
            #expect(result.status == 200)
            let offsets = try #require(result.object["offsets"] as? [String: Double])
            #expect(offsets["A"] == 0)
            #expect(abs((offsets["B"] ?? 0) - -1234) < 1, "B: \(offsets)")
            #expect(abs((offsets["C"] ?? 0) - 532) < 1, "C: \(offsets)")
            #expect(result.object["classification"] as? [String: String] == ["B": "looks-good", "C": "looks-good"])
            #expect(result.object["status"] as? String == "needs-review" && result.object["operatorStatus"] as? String == "pending")
            let plot = try #require((result.object["debugArtifacts"] as? [String: Any])?["correlationPlot"] as? String)
            let svg = try await HTTPClient.shared.execute(HTTPClientRequest(url: plot), timeout: .seconds(30))
            let svgBody = try await svg.body.collect(upTo: 1 << 20)
            #expect(svg.status == .ok && String(buffer: svgBody).hasPrefix("<svg"))

            let missing = try await client.call(.POST, "/v2/sessions/\(session)/sync/correct", json: ["offsets": ["A": 0, "B": -1250], "notes": "x"])
            #expect(missing.status == 400)
            #expect(((missing.object["error"] as? [String: Any])?["details"] as? [String: Any])?["camera"] as? String == "C")
            let approved = try await client.call(.POST, "/v2/sessions/\(session)/sync/approve", json: ["approvedBy": "op-1", "notes": "fine"])
            #expect(approved.status == 200)
            #expect(approved.object["status"] as? String == "ready" && approved.object["operatorStatus"] as? String == "approved")
            #expect(approved.object["approvedAt"] as? String != nil)
            let status = try await client.call(.GET, "/v2/sessions/\(session)/status")
            #expect(status.object["readyForNextPhase"] as? Bool == true)

            let corrected = try await client.call(.POST, "/v2/sessions/\(session)/sync/correct", json: [
                "correctedBy": "op-2", "offsets": ["A": 0, "B": -1250, "C": 520], "notes": "adjusted after waveform review",
            ])
            #expect(corrected.status == 200)
            #expect(corrected.object["operatorStatus"] as? String == "corrected")
            #expect(corrected.object["finalOffsets"] as? [String: Double] == ["A": 0, "B": -1250, "C": 520])
            let original = try #require(corrected.object["originalOffsets"] as? [String: Double])
            #expect(abs((original["B"] ?? 0) - -1234) < 1)
            let after = try await client.call(.GET, "/v2/sessions/\(session)/sync")
            let history = try #require(after.object["history"] as? [[String: Any]])
            #expect(history.compactMap { $0["action"] as? String } == ["approved", "corrected"])
            #expect(history.last?["by"] as? String == "op-2" && history.last?["notes"] as? String == "adjusted after waveform review")
            #expect(history.allSatisfy { ($0["userId"] as? String)?.isEmpty == false }, "the authenticated caller is recorded")
            #expect(try await world.other.call(.GET, "/v2/sessions/\(session)/sync").status == 404)
        }
    }

    @Test("relay-backend sync prints the engine's JSON for files on disk")
    func cli() async throws {
        let folder = try TestEnvironment.temporaryDirectory("relay-sync-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cameras = try await Self.makeCameras(in: folder)
        let result = try await BackendProcess.run(["sync", cameras["A"]!.path, cameras["B"]!.path, cameras["C"]!.path], cwd: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let offsets = try #require(object["offsetsMs"] as? [String: Double])
        #expect(abs((offsets["CAM_B.mov"] ?? 0) - -1234) < 1 && abs((offsets["CAM_C.mov"] ?? 0) - 532) < 1, "\(offsets)")
        let bad = try await BackendProcess.run(["sync", folder.appendingPathComponent("missing.wav").path, cameras["B"]!.path], cwd: folder)
        #expect(bad.status == 2 && !bad.stderr.isEmpty)
    }
}
