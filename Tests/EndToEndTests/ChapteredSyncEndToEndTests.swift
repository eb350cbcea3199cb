import Foundation
import Testing
import TestSupport

/// Seed 000 with a camera that recorded in several files: B's recording cut into three chapters with 2 s
/// lost between them, uploaded through init-upload's `chapter`, ingested, synced — each chapter placed on
/// the master's timeline within 1 ms, the gaps measured.
@Suite("Chaptered cameras end to end", .serialized)
struct ChapteredSyncEndToEndTests {
    /// B's chapters: seconds of the room recording each holds (B's recording starts at 3.234 s).
    static let chapters = [(3.234, 21.234), (23.234, 41.234), (43.234, 61.234)]

    /// A 70 s room (pink noise with tone bursts); A from 2.000 s for 64 s, C from 1.468 s for 60 s, and B's
    /// three chapters; each MOV with PCM audio.
    static func makeFiles(in folder: URL) async throws -> (a: URL, c: URL, b: [URL]) {
        let room = folder.appendingPathComponent("room.wav")
        try await TestVideos.run("ffmpeg", [
            "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "anoisesrc=d=70:c=pink:r=48000:a=0.3:seed=11",
            "-f", "lavfi", "-i", "sine=f=660:r=48000:d=70,volume='if(lt(mod(t,1.7),0.15),0.8,0)':eval=frame",
            "-filter_complex", "amix=inputs=2:normalize=0", "-c:a", "pcm_s16le", room.path,
        ])
        func cut(_ name: String, from start: Double, seconds: Double) async throws -> URL {
            let file = folder.appendingPathComponent(name)
            try await TestVideos.run("ffmpeg", [
                "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=15:duration=\(seconds)",
                "-ss", String(format: "%.3f", start), "-t", String(format: "%.3f", seconds), "-i", room.path, "-map", "0:v", "-map", "1:a",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "pcm_s16le", "-shortest", file.path,
            ])
            return file
        }
        let a = try await cut("CAM_A.mov", from: 2.0, seconds: 64)
        let c = try await cut("CAM_C.mov", from: 1.468, seconds: 60)
        var b: [URL] = []
        for (index, chapter) in chapters.enumerated() {
            b.append(try await cut(String(format: "CAM_B_%03d.mov", index + 1), from: chapter.0, seconds: chapter.1 - chapter.0))
        }
        return (a, c, b)
    }

    @Test(
        "three chapters of B with 2 s gaps: each within 1 ms of the truth through seed 000's API; per-chapter conflicts and bounds",
        arguments: TestEnvironment.databaseKinds)
    func chapteredCamera(database: String) async throws {
        let folder = try TestEnvironment.temporaryDirectory("relay-chapters")
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try await Self.makeFiles(in: folder)
        // SQLite with local disk, decoding in memory; PostgreSQL with SeaweedFS, every recording decoded into
        // scratch files as a long one is (`sync_stream_above_seconds` 0).
        let store = database == "postgres" && CaptureEndToEndTests.s3Available ? "s3" : "local"
        let extra = database == "postgres" ? ["sync_stream_above_seconds": "0"] : [:]
        try await MulticamEndToEndTests.withWorld(store, database: database, extra: extra) { world in
            let client = world.client
            let session = try await client.createSession(title: "Chapters")
            for bad in [0, 1000] {
                let refused = try await client.call(.POST, "/v2/sessions/\(session)/assets/init-upload", json: [
                    "cameraLabel": "B", "filename": "x.mov", "contentType": "video/quicktime", "sizeBytes": 1000, "chapter": bad,
                ])
                #expect(refused.status == 400, "chapter \(bad)")
                #expect(((refused.object["error"] as? [String: Any])?["details"] as? [String: Any])?["field"] as? String == "chapter")
            }
            var bAssets: [String] = []
            for (camera, file, chapter) in [("A", files.a, 1), ("C", files.c, 1)] + files.b.enumerated().map({ ("B", $0.element, $0.offset + 1) }).reversed() {
                let upload = try await client.uploadParts(session: session, camera: camera, file: file, contentType: "video/quicktime", chapter: chapter)
                #expect(try await client.complete(session: session, asset: upload.asset, uploadId: upload.uploadId, parts: upload.parts).status == 200)
                if camera == "B" { bAssets.insert(upload.asset, at: 0) }
            }
            // Chapter 2 of B is taken: another file for it is a 409 naming the chapter; chapter 4 is free.
            let taken = try await client.call(.POST, "/v2/sessions/\(session)/assets/init-upload", json: [
                "cameraLabel": "B", "filename": "other.mov", "contentType": "video/quicktime", "sizeBytes": 1000, "chapter": 2,
            ])
            #expect(taken.status == 409 && ((taken.object["error"] as? [String: Any])?["message"] as? String)?.contains("chapter 2") == true)

            let deadline = ContinuousClock.now + .seconds(240)
            while ContinuousClock.now < deadline {
                if try await client.call(.GET, "/v2/sessions/\(session)/status").object["status"] as? String == "ready" { break }
                try await Task.sleep(for: .milliseconds(250))
            }
            let listed = try #require(try await client.call(.GET, "/v2/sessions/\(session)/assets").object["assets"] as? [[String: Any]])
            #expect(listed.map { "\($0["cameraLabel"] as? String ?? "?")\($0["chapter"] as? Int ?? 0)" } == ["A1", "B1", "B2", "B3", "C1"])
            #expect(listed.allSatisfy { $0["status"] as? String == "ready" }, "\(listed.map { $0["status"] ?? "?" })")

            #expect(try await client.call(.POST, "/v2/sessions/\(session)/sync/compute", json: ["masterCamera": "A"]).status == 202)
            var result: [String: Any] = [:]
            let syncDeadline = ContinuousClock.now + .seconds(180)
            while ContinuousClock.now < syncDeadline {
                result = try await client.call(.GET, "/v2/sessions/\(session)/sync").object
                if result["running"] as? Bool == false, result["offsets"] is [String: Double] { break }
                try await Task.sleep(for: .milliseconds(250))
            }
            let offsets = try #require(result["offsets"] as? [String: Double], "\(result)")
            #expect(abs((offsets["C"] ?? 0) - 532) < 1, "C: \(offsets)")
            let perFile = try #require(result["files"] as? [String: [[String: Any]]], "\(result)")
            let b = try #require(perFile["B"])
            #expect(b.compactMap { $0["chapter"] as? Int } == [1, 2, 3])
            #expect(b.compactMap { $0["assetId"] as? String } == bAssets)
            for (file, chapter) in zip(b, Self.chapters) {
                // t_chapter − t_A for one sound: the chapter starts `chapter.0` s into the room, A at 2 s.
                let truth = (2.0 - chapter.0) * 1000
                let measured = file["offsetMs"] as? Double ?? .nan
                #expect(abs(measured - truth) < 1, "chapter \(file["chapter"] ?? "?"): \(measured) vs \(truth)")
                #expect(file["classification"] as? String == "looks-good")
                #expect(abs((file["startMs"] as? Double ?? .nan) - (chapter.0 - 2.0) * 1000) < 1)
            }
            #expect(b[0]["gapBeforeMs"] is NSNull)
            for file in b.dropFirst() { #expect(abs((file["gapBeforeMs"] as? Double ?? .nan) - 2000) < 2, "\(file)") }
            #expect(abs((offsets["B"] ?? 0) - -1234) < 1, "the camera-level offset is its first chapter's: \(offsets)")
            #expect(perFile["A"]?.count == 1 && perFile["C"]?.count == 1)
        }
    }
}
