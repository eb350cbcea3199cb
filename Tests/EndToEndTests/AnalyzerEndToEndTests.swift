import AsyncHTTPClient
import BackendApp
import Foundation
import NIOCore
import RelaySync
import RelaySyncCorpus
import Testing
import TestSupport

/// Seed 002's files and single-analysis routes on a live server with its worker: a media root with a
/// master and a dub cut from one synthetic scene at a known offset, plus files that cannot be analysed
/// and links that try to leave the root.
@Suite("Audio sync analyzer end to end", .serialized)
struct AnalyzerEndToEndTests {
    /// The media root: `programme/master.wav` (48 kHz stereo 24-bit, 60 s), `programme/dub.wav` (44.1 kHz
    /// mono 16-bit, 45 s, its sound `offset` s later), `programme/silent.mp4` (video only),
    /// `programme/short.wav` (0.5 s), `elsewhere/unrelated.wav` (another scene), `notes.txt`, and links `escape` → `/etc`, `passwd.wav` → `/etc/passwd`.
    static func makeRoot(_ root: URL, offset: Double) async throws -> Double {
        let programme = root.appendingPathComponent("programme")
        try FileManager.default.createDirectory(at: programme, withIntermediateDirectories: true)
        var scenario = SyncScenario(kind: .speech, seed: 11, masterSeconds: 60, cameraSeconds: 45, offsetSeconds: offset)
        scenario.masterRate = 48000
        scenario.cameraRate = 44100
        scenario.cameraSNRdB = 30
        let (master, dub) = scenario.render()
        try WAVWriter.write([master.samples, master.samples], rate: 48000, encoding: .int24, to: programme.appendingPathComponent("master.wav"))
        try WAVWriter.write([dub.samples], rate: 44100, encoding: .int16, to: programme.appendingPathComponent("dub.wav"))
        try WAVWriter.write([Array(master.samples.prefix(24000))], rate: 48000, encoding: .int16, to: programme.appendingPathComponent("short.wav"))
        try await TestVideos.run("ffmpeg", [
            "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=10:duration=3",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", programme.appendingPathComponent("silent.mp4").path,
        ])
        let elsewhere = root.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        var unrelated = SyncScenario(kind: .speech, seed: 12, masterSeconds: 30, cameraSeconds: 30, offsetSeconds: 0)
        unrelated.unrelated = true
        try WAVWriter.write([unrelated.render().camera.samples], rate: 8000, encoding: .int16, to: elsewhere.appendingPathComponent("unrelated.wav"))
        // 2 s silence, 2 s of a 440 Hz tone at 0.5, 2 s silence (48 kHz stereo): a waveform with a known shape.
        let tone = (0..<(6 * 48000)).map { i -> Float in
            (2 * 48000..<4 * 48000).contains(i) ? Float(0.5 * sin(2 * Double.pi * 440 * Double(i) / 48000)) : 0
        }
        try WAVWriter.write([tone, tone], rate: 48000, encoding: .float32, to: elsewhere.appendingPathComponent("tone.wav"))
        try Data("call sheet".utf8).write(to: root.appendingPathComponent("notes.txt"))
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("escape").path, withDestinationPath: "/etc")
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("passwd.wav").path, withDestinationPath: "/etc/passwd")
        return scenario.expectedOffsetMs / 1000
    }

    static func withAnalyzer(
        database: String, store: String = "local", _ body: @escaping @Sendable (MulticamClient, MulticamClient, URL, Double) async throws -> Void
    ) async throws {
        let root = try TestEnvironment.temporaryDirectory("analyzer-root")
        defer { try? FileManager.default.removeItem(at: root) }
        let truth = try await makeRoot(root, offset: 3.217)
        // On PostgreSQL every input is decoded into scratch files, as a long recording is.
        var extra = ["analyzer_media_roots": root.path, "analyzer_max_upload_bytes": "4000000"]
        if database == "postgres" { extra["sync_stream_above_seconds"] = "0" }
        try await TwoOrgServer.run(store, extra: extra, database: database) {
            server in
            try await body(
                MulticamClient(base: server.base, token: server.tokenA), MulticamClient(base: server.base, token: server.tokenB),
                URL(fileURLWithPath: MediaRootsPath.real(root.path)), truth)
        }
    }

    static var databases: [String] { TestEnvironment.databaseKinds }

    @Test("browse, validate, analyse with spectral + onset + mfcc, status, list, cancel, ai refused", arguments: databases)
    func singleAnalysis(database: String) async throws {
        try await Self.withAnalyzer(database: database) { client, other, root, truth in
            // Browse: the root, then the programme folder (at both bases).
            let top = try await client.call(.GET, "/v1/files/")
            #expect(top.status == 200 && top.object["success"] as? Bool == true, "\(top.object)")
            #expect(top.object["current_path"] as? String == root.path && top.object["parent_path"] == nil || top.object["parent_path"] is NSNull)
            let folders = try #require(top.object["directories"] as? [[String: Any]])
            #expect(folders.compactMap { $0["name"] as? String } == ["elsewhere", "programme"], "the link to /etc is not listed: \(folders)")
            #expect(folders.last?["item_count"] as? Int == 4)
            let topFiles = try #require(top.object["files"] as? [[String: Any]])
            #expect(topFiles.compactMap { $0["name"] as? String } == ["notes.txt"], "the link to /etc/passwd is not listed")
            let listing = try await client.call(.GET, "/api/v1/files/?path=\(root.path)/programme")
            #expect(listing.status == 200)
            #expect(listing.object["parent_path"] as? String == root.path)
            let files = try #require(listing.object["files"] as? [[String: Any]])
            let byName = Dictionary(uniqueKeysWithValues: files.compactMap { file in (file["name"] as? String).map { ($0, file) } })
            #expect(byName.keys.sorted() == ["dub.wav", "master.wav", "short.wav", "silent.mp4"])
            let master = try #require(byName["master.wav"])
            #expect(master["type"] as? String == "audio" && master["sample_rate"] as? Int == 48000 && master["channels"] as? Int == 2)
            #expect(master["bit_depth"] as? Int == 24 && abs((master["duration_seconds"] as? Double ?? 0) - 60) < 0.01)
            #expect(byName["dub.wav"]?["sample_rate"] as? Int == 44100 && byName["dub.wav"]?["bit_depth"] as? Int == 16)
            #expect(byName["silent.mp4"]?["type"] as? String == "video")
            let paged = try await client.call(.GET, "/v1/files?path=programme&limit=2&offset=1")
            #expect((paged.object["files"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["master.wav", "short.wav"])
            #expect(paged.object["total_count"] as? Int == 4)

            // Validate: good, no audio, too short, text, by id.
            let valid = try await client.call(.POST, "/v1/files/validate", json: ["path": "programme/dub.wav"])
            #expect(valid.status == 200 && valid.object["valid"] as? Bool == true, "\(valid.object)")
            for (path, reason) in [("programme/silent.mp4", "no audio"), ("programme/short.wav", "at least"), ("notes.txt", "not a readable")] {
                let answer = try await client.call(.POST, "/v1/files/validate", json: ["path": path])
                #expect(answer.status == 200 && answer.object["valid"] as? Bool == false, "\(path): \(answer.object)")
                #expect((answer.object["reasons"] as? [String])?.first?.contains(reason) == true, "\(path): \(answer.object)")
            }
            let byId = try await client.call(.POST, "/v1/files/validate", json: ["file_id": try #require(master["id"] as? String)])
            #expect(byId.status == 200 && (byId.object["file_info"] as? [String: Any])?["path"] as? String == "\(root.path)/programme/master.wav")

            // Refusals, with the seed's extra error fields.
            let ai = try await client.call(.POST, "/v1/analysis/sync", json: [
                "master_file": "programme/master.wav", "dub_file": "programme/dub.wav", "methods": ["spectral", "ai"], "ai_model": "wavlm",
            ])
            #expect(ai.status == 422 && ai.object["error_code"] as? String == "METHOD_UNAVAILABLE" && ai.object["success"] as? Bool == false)
            #expect(((ai.object["error"] as? [String: Any])?["details"] as? [String: Any])?["method"] as? String == "ai")
            #expect(ai.object["timestamp"] as? String != nil && ai.object["request_id"] as? String != nil)
            let noAudio = try await client.call(.POST, "/v1/analysis/sync", json: ["master_file": "programme/master.wav", "dub_file": "programme/silent.mp4"])
            #expect(noAudio.status == 400 && noAudio.object["error_code"] as? String == "INVALID_FILE_TYPE")
            let missing = try await client.call(.POST, "/v1/analysis/sync", json: ["master_file": "programme/master.wav", "dub_file": "programme/nope.wav"])
            #expect(missing.status == 404 && missing.object["error_code"] as? String == "FILE_NOT_FOUND")
            let badThreshold = try await client.call(.POST, "/v1/analysis/sync", json: [
                "master_file": "programme/master.wav", "dub_file": "programme/dub.wav", "confidence_threshold": 1.5,
            ])
            #expect(badThreshold.status == 400 && badThreshold.object["error_code"] as? String == "VALIDATION_ERROR")
            #expect((try await client.call(.GET, "/v1/analysis/")).object["total"] as? Int == 0, "nothing was stored for refused requests")

            // The analysis: three independent methods.
            let started = try await client.call(.POST, "/api/v1/analysis/sync", json: [
                "master_file": "\(root.path)/programme/master.wav", "dub_file": "programme/dub.wav",
                "methods": ["spectral", "onset", "mfcc"], "confidence_threshold": 0.5, "max_offset_seconds": 20,
            ])
            #expect(started.status == 202, "\(started.object)")
            let id = try #require(started.object["analysis_id"] as? String)
            #expect(id.hasPrefix("analysis_") && ["queued", "processing"].contains(started.object["status"] as? String))
            let done = try await Self.waitFinished(client, id)
            #expect(done.object["status"] as? String == "completed", "\(done.object)")
            #expect(done.object["progress"] as? Double == 100)
            let result = try #require(done.object["result"] as? [String: Any])
            let offset = try #require(result["offset_seconds"] as? Double)
            #expect(abs(offset - truth) < 0.001, "spectral \(offset) against \(truth)")
            #expect((result["confidence"] as? Double ?? 0) >= 0.8 && result["method_used"] as? String == "Spectral (GCC-PHAT)")
            let details = try #require(result["technical_details"] as? [String: Any])
            #expect(details["method_agreement"] as? Double == 1)
            #expect((details["processing_time_seconds"] as? Double ?? 0) > 0)
            let perMethod = try #require(details["method_results"] as? [[String: Any]])
            for entry in perMethod {
                let method = entry["method"] as? String ?? "?"
                let tolerance = method == "spectral" ? 0.001 : method == "onset" ? 0.005 : 0.010
                #expect(abs((entry["offset_seconds"] as? Double ?? 99) - truth) < tolerance, "\(method): \(entry)")
                #expect(entry["agrees_with_primary"] as? Bool == true)
            }
            #expect((result["recommendations"] as? [String])?.isEmpty == false)
            #expect(result["error_code"] == nil || result["error_code"] is NSNull)
            let status = try await client.call(.GET, "/v1/analysis/\(id)/status")
            #expect(status.object["status"] as? String == "completed" && (status.object["result"] as? [String: Any])?["offset_seconds"] as? Double == offset)

            // Another org sees nothing of it.
            #expect(try await other.call(.GET, "/v1/analysis/\(id)").status == 404)
            #expect(try await other.call(.DELETE, "/v1/analysis/\(id)").status == 404)
            #expect((try await other.call(.GET, "/v1/analysis")).object["total"] as? Int == 0)

            // Another programme entirely: completed below the threshold, flagged, the result still shown.
            let strict = try await client.call(.POST, "/v1/analysis/sync", json: [
                "master_file": "programme/master.wav", "dub_file": "elsewhere/unrelated.wav", "methods": ["xcorr", "onset"],
            ])
            let strictDone = try await Self.waitFinished(client, try #require(strict.object["analysis_id"] as? String))
            #expect(strictDone.object["status"] as? String == "completed")
            #expect(strictDone.object["error_code"] as? String == "INSUFFICIENT_CONFIDENCE", "\(strictDone.object)")
            let weak = try #require(strictDone.object["result"] as? [String: Any])
            #expect((weak["confidence"] as? Double ?? 1) < 0.5 && weak["classification"] as? String != "looks-good", "\(weak)")

            // Cancel: a queued or running one stops and stays cancelled; finished ones refuse.
            let doomed = try await client.call(.POST, "/v1/analysis/sync", json: [
                "master_file": "programme/master.wav", "dub_file": "programme/dub.wav", "methods": ["spectral", "onset", "mfcc"],
            ])
            let doomedId = try #require(doomed.object["analysis_id"] as? String)
            let cancelled = try await client.call(.DELETE, "/v1/analysis/\(doomedId)")
            #expect(cancelled.status == 200 && cancelled.object["status"] as? String == "cancelled", "\(cancelled.object)")
            try await Task.sleep(for: .seconds(3))  // long enough for a worker that had started it to finish a method
            let still = try await client.call(.GET, "/v1/analysis/\(doomedId)")
            #expect(still.object["status"] as? String == "cancelled" && (still.object["result"] == nil || still.object["result"] is NSNull))
            let again = try await client.call(.DELETE, "/v1/analysis/\(doomedId)")
            #expect(again.status == 409 && again.object["error_code"] as? String == "ANALYSIS_FINISHED")
            let finished = try await client.call(.DELETE, "/v1/analysis/\(id)")
            #expect(finished.status == 409 && finished.object["error_code"] as? String == "ANALYSIS_FINISHED")
            let list = try await client.call(.GET, "/v1/analysis?status=completed")
            #expect(list.object["total"] as? Int == 2)
            #expect(try await client.call(.GET, "/v1/analysis?status=nonsense").status == 400)
            #expect(try await client.call(.GET, "/v1/analysis/analysis_nope").object["error_code"] as? String == "ANALYSIS_NOT_FOUND")
        }
    }

    @Test("upload: streamed into uploads/, never overwriting, notes kept, size capped, analysable by id")
    func upload() async throws {
        try await Self.withAnalyzer(database: "sqlite") { client, _, root, truth in
            let dub = try Data(contentsOf: root.appendingPathComponent("programme/dub.wav"))
            func send(_ name: String, _ bytes: Data, fields: [String: String]) async throws -> (status: Int, object: [String: Any]) {
                try await client.postMultipart("/api/v1/files/upload", fields: fields, fileName: name, fileBytes: bytes, contentType: "audio/wav")
            }
            let first = try await send("../../take 1.wav", dub, fields: ["file_type": "audio", "description": "Dub, reel 1", "tags": "dub, reel1"])
            #expect(first.status == 201 && first.object["success"] as? Bool == true, "\(first.object)")
            let info = try #require(first.object["file_info"] as? [String: Any])
            #expect(info["path"] as? String == "\(root.path)/uploads/take 1.wav", "the client's folders are dropped: \(info)")
            #expect(info["sample_rate"] as? Int == 44100 && info["description"] as? String == "Dub, reel 1" && info["tags"] as? [String] == ["dub", "reel1"])
            #expect(try Data(contentsOf: URL(fileURLWithPath: "\(root.path)/uploads/take 1.wav")) == dub)
            let second = try await send("take 1.wav", Data(dub.prefix(50_000)), fields: [:])
            #expect((second.object["file_info"] as? [String: Any])?["path"] as? String == "\(root.path)/uploads/take 1 (1).wav")
            #expect(try Data(contentsOf: URL(fileURLWithPath: "\(root.path)/uploads/take 1.wav")) == dub, "the first upload is untouched")
            let tooBig = try await send("big.wav", Data(count: 4_100_000), fields: [:])
            #expect(tooBig.status == 413 && tooBig.object["error_code"] as? String == "PAYLOAD_TOO_LARGE")
            let badType = try await send("x.wav", dub, fields: ["file_type": "spreadsheet"])
            #expect(badType.status == 400)
            let empty = try await send("e.wav", Data(), fields: [:])
            #expect(empty.status == 400)
            let uploads = try await client.call(.GET, "/v1/files?path=uploads")
            #expect((uploads.object["files"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["take 1 (1).wav", "take 1.wav"], "\(uploads.object)")
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: "\(root.path)/uploads/.incoming")
            #expect(leftovers.isEmpty, "refused uploads leave nothing behind: \(leftovers)")

            let byId = try await client.call(.POST, "/v1/analysis/sync", json: [
                "master_file": "programme/master.wav", "dub_file": try #require(first.object["file_id"] as? String),
            ])
            #expect(byId.status == 202, "\(byId.object)")
            let done = try await Self.waitFinished(client, try #require(byId.object["analysis_id"] as? String))
            #expect(abs(((done.object["result"] as? [String: Any])?["offset_seconds"] as? Double ?? 99) - truth) < 0.001, "\(done.object)")
        }
    }

    @Test("job registry, the shared batch queue with optimistic saves, and a dashboard that tells the truth")
    func registryQueueDashboard() async throws {
        try await Self.withAnalyzer(database: "sqlite") { client, other, _, _ in
            let started = try await client.call(.POST, "/v1/analysis/sync", json: ["master_file": "programme/master.wav", "dub_file": "programme/dub.wav"])
            let id = try #require(started.object["analysis_id"] as? String)
            _ = try await Self.waitFinished(client, id)
            let registry = try await client.call(.GET, "/api/v1/job-registry?since_hours=1")
            let jobs = try #require(registry.object["jobs"] as? [[String: Any]])
            #expect(jobs.count == 1 && jobs.first?["job_id"] as? String == id && jobs.first?["source"] as? String == "api")
            #expect(jobs.first?["master_name"] as? String == "master.wav" && jobs.first?["status"] as? String == "completed")
            #expect((jobs.first?["result"] as? [String: Any])?["offset_seconds"] as? Double != nil)
            #expect(try await other.call(.GET, "/v1/job-registry").object["total"] as? Int == 0)
            #expect(try await client.call(.GET, "/v1/job-registry?since_hours=-1").status == 400)

            // The batch queue: one per org, versioned.
            let empty = try await client.call(.GET, "/v1/batch-queue")
            #expect(empty.status == 200 && empty.object["version"] as? Int == 0 && (empty.object["items"] as? [Any])?.isEmpty == true)
            let item: [String: Any] = ["id": 1234567890, "type": "componentized", "status": "queued", "master": ["path": "/x/master.mov", "name": "master.mov"]]
            let first = try await client.call(.POST, "/v1/batch-queue", json: ["items": [item], "clientId": "browser-a", "version": 0])
            #expect(first.status == 200 && first.object["version"] as? Int == 1, "\(first.object)")
            let stale = try await client.call(.POST, "/v1/batch-queue", json: ["items": [], "clientId": "browser-b", "version": 0])
            #expect(stale.status == 409 && stale.object["error_code"] as? String == "CONFLICT")
            #expect(((stale.object["error"] as? [String: Any])?["details"] as? [String: Any])?["version"] as? Int == 1)
            let seen = try await client.call(.GET, "/api/v1/batch-queue")
            #expect(seen.object["version"] as? Int == 1 && seen.object["client_id"] as? String == "browser-a")
            #expect(((seen.object["items"] as? [[String: Any]])?.first?["master"] as? [String: Any])?["name"] as? String == "master.mov")
            let lastWins = try await client.call(.POST, "/v1/batch-queue", json: ["items": [], "clientId": "seed-ui"])
            #expect(lastWins.object["version"] as? Int == 2, "a save without a version always lands (the seed's UI)")
            #expect(try await other.call(.GET, "/v1/batch-queue").object["version"] as? Int == 0, "each org has its own queue")
            #expect(try await client.call(.POST, "/v1/batch-queue", json: ["items": Array(repeating: 1, count: 1001)]).status == 400)

            // Dashboard.
            let system = try await client.call(.GET, "/v1/dashboard/system-info")
            let facts = try #require(system.object["system"] as? [String: Any])
            #expect((facts["cpu_count"] as? Int ?? 0) >= 1 && (facts["memory_total_bytes"] as? Int ?? 0) > 1 << 20)
            #expect((facts["disk_total_bytes"] as? Int ?? 0) > 0 && (facts["disk_free_bytes"] as? Int ?? -1) >= 0)
            #expect((facts["load_average"] as? [Double])?.count == 3 && (facts["process_uptime_seconds"] as? Double ?? -1) >= 0)
            // The job is marked succeeded a moment after its analysis reads completed (waveforms come between).
            var workers = try await client.call(.GET, "/api/v1/dashboard/celery-info")
            let jobDone = ContinuousClock.now + .seconds(30)
            while ((workers.object["completed_last_hour"] as? [String: Int])?["analysis.sync"] ?? 0) < 1, ContinuousClock.now < jobDone {
                try await Task.sleep(for: .milliseconds(100))
                workers = try await client.call(.GET, "/api/v1/dashboard/celery-info")
            }
            #expect((workers.object["active_workers"] as? Int ?? 0) >= 1, "\(workers.object)")
            let worker = try #require((workers.object["workers"] as? [[String: Any]])?.first)
            #expect((worker["kinds"] as? [String])?.contains("analysis.sync") == true && worker["pid"] as? Int != nil)
            #expect(((workers.object["completed_last_hour"] as? [String: Int])?["analysis.sync"] ?? 0) >= 1)
            let gpu = try await client.call(.GET, "/v1/dashboard/gpu-info")
            #expect(gpu.object["gpu_available"] as? Bool == false && (gpu.object["gpus"] as? [Any])?.isEmpty == true)
        }
    }

    /// Waveforms are cached in the blob store: run against local disk and SeaweedFS's S3.
    static var stores: [String] { CaptureEndToEndTests.s3Available ? ["local", "s3"] : ["local"] }

    @Test("waveforms: made after an analysis, by analysis at any width, generated now or queued, listed, cleared; shape right", arguments: stores)
    func waveforms(store: String) async throws {
        try await Self.withAnalyzer(database: "sqlite", store: store) { client, other, _, _ in
            let started = try await client.call(.POST, "/v1/analysis/sync", json: ["master_file": "programme/master.wav", "dub_file": "programme/dub.wav"])
            let id = try #require(started.object["analysis_id"] as? String)
            _ = try await Self.waitFinished(client, id)
            // Made right after the analysis completes (its status may say completed a moment before).
            var made: [Int] = []
            let madeBy = ContinuousClock.now + .seconds(30)
            while ContinuousClock.now < madeBy {
                made = (try await client.call(.GET, "/v1/waveforms/list").object["waveforms"] as? [[String: Any]])?.compactMap { $0["width"] as? Int } ?? []
                if made.count == 2 { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(made == [2000, 2000])
            let pair = try await client.call(.GET, "/api/v1/waveforms/analysis/\(id)?width=500")
            #expect(pair.status == 200, "\(pair.object)")
            let master = try #require(pair.object["master"] as? [String: Any]), dub = try #require(pair.object["dub"] as? [String: Any])
            #expect(master["source_name"] as? String == "master.wav" && master["sample_rate"] as? Int == 16000 && master["width"] as? Int == 500)
            #expect(abs((master["duration"] as? Double ?? 0) - 60) < 0.01 && abs((dub["duration"] as? Double ?? 0) - 45) < 0.01)
            let peaks = try #require(master["peaks"] as? [Double]), rms = try #require(master["rms"] as? [Double])
            #expect(peaks.count == 500 && rms.count == 500 && zip(peaks, rms).allSatisfy { $0 >= $1 && $0 <= 1.0001 } && peaks.max()! > 0.05)
            #expect(try await other.call(.GET, "/v1/waveforms/analysis/\(id)").status == 404)
            #expect(try await client.call(.GET, "/v1/waveforms/analysis/\(id)?width=20001").status == 400)

            let tone = try await client.call(.POST, "/v1/waveforms/generate", json: ["master_path": "elsewhere/tone.wav", "width": 6])
            let wave = try #require(tone.object["master"] as? [String: Any], "\(tone.status) \(tone.object)")
            let tonePeaks = try #require(wave["peaks"] as? [Double]), toneRMS = try #require(wave["rms"] as? [Double])
            let expectedPeaks = [0, 0, 0.5, 0.5, 0, 0], expectedRMS = [0, 0, 0.5 / 2.0.squareRoot(), 0.5 / 2.0.squareRoot(), 0, 0]
            #expect(zip(tonePeaks, expectedPeaks).allSatisfy { abs($0 - $1) < 0.02 } && tonePeaks.count == 6, "\(tonePeaks)")
            #expect(zip(toneRMS, expectedRMS).allSatisfy { abs($0 - $1) < 0.02 }, "\(toneRMS)")
            #expect(tone.object["dub"] == nil || tone.object["dub"] is NSNull)
            let silent = try await client.call(.POST, "/v1/waveforms/generate", json: ["master_path": "programme/silent.mp4"])
            #expect(silent.status == 400 && silent.object["error_code"] as? String == "INVALID_FILE_TYPE", "\(silent.object)")
            let outside = try await client.call(.POST, "/v1/waveforms/generate", json: ["master_path": "/etc/passwd"])
            #expect(outside.status == 400 && outside.object["error_code"] as? String == "PATH_NOT_ALLOWED")

            let queued = try await client.call(.POST, "/v1/waveforms/generate-async", json: ["master_path": "elsewhere/tone.wav", "width": 12])
            #expect(queued.status == 202 && queued.object["job_id"] as? String != nil)
            let deadline = ContinuousClock.now + .seconds(60)
            var widths: [Int] = []
            while ContinuousClock.now < deadline {
                widths = (try await client.call(.GET, "/v1/waveforms/list").object["waveforms"] as? [[String: Any]])?.compactMap { $0["width"] as? Int } ?? []
                if widths.contains(12) { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect(widths.sorted() == [6, 12, 500, 500, 2000, 2000], "\(widths)")
            #expect((try await other.call(.GET, "/v1/waveforms/list").object["waveforms"] as? [Any])?.isEmpty == true)
            #expect(try await client.call(.DELETE, "/v1/waveforms/clear?older_than_days=1").object["removed"] as? Int == 0)
            #expect(try await client.call(.DELETE, "/v1/waveforms/clear").object["removed"] as? Int == 6)
            #expect((try await client.call(.GET, "/v1/waveforms/list").object["waveforms"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("componentized: per-component offsets against one master, agreement found or refuted, mixdown, refusals")
    func componentized() async throws {
        try await Self.withAnalyzer(database: "sqlite") { client, other, root, truth in
            try FileManager.default.copyItem(
                at: root.appendingPathComponent("programme/dub.wav"), to: root.appendingPathComponent("elsewhere/dub-rt.wav"))
            func run(_ body: [String: Any]) async throws -> [String: Any] {
                let started = try await client.call(.POST, "/api/v1/analysis/componentized/async", json: body)
                #expect(started.status == 202 && started.object["status"] as? String == "queued", "\(started.object)")
                let id = try #require(started.object["job_id"] as? String)
                let done = try await Self.waitFinished(client, id)
                #expect(done.object["status"] as? String == "completed" && done.object["kind"] as? String == "componentized", "\(done.object)")
                return try #require(done.object["components_result"] as? [String: Any])
            }
            let agreeing = try await run([
                "master": "programme/master.wav", "offset_mode": "channel_aware",
                "components": [["path": "programme/dub.wav", "label": "Lt"], ["path": "elsewhere/dub-rt.wav", "label": "Rt"]],
            ])
            let entries = try #require(agreeing["components"] as? [[String: Any]])
            #expect(entries.compactMap { $0["label"] as? String } == ["Lt", "Rt"])
            for entry in entries {
                #expect(abs(((entry["result"] as? [String: Any])?["offset_seconds"] as? Double ?? 99) - truth) < 0.001, "\(entry)")
            }
            #expect(agreeing["components_agree"] as? Bool == true && (agreeing["spread_ms"] as? Double ?? 99) < 1, "\(agreeing)")
            #expect(abs((agreeing["offset_seconds"] as? Double ?? 99) - truth) < 0.001)

            let disagreeing = try await run([
                "master": "programme/master.wav",
                "components": [["path": "programme/dub.wav", "label": "dub"], ["path": "programme/master.wav", "label": "itself"]],
            ])
            #expect(disagreeing["components_agree"] as? Bool == false, "\(disagreeing)")
            #expect(abs((disagreeing["spread_ms"] as? Double ?? 0) - truth * 1000) < 1)

            let mixdown = try await run([
                "master": "programme/master.wav", "offset_mode": "mixdown",
                "components": [["path": "programme/dub.wav"], ["path": "elsewhere/dub-rt.wav"]],
            ])
            #expect(abs((mixdown["offset_seconds"] as? Double ?? 99) - truth) < 0.001 && mixdown["offset_mode"] as? String == "mixdown")
            #expect((mixdown["components"] as? [[String: Any]])?.compactMap { $0["label"] as? String } == ["dub.wav", "dub-rt.wav"])

            for (body, status) in [
                (["master": "programme/master.wav", "components": [[String: Any]]()] as [String: Any], 400),
                (["master": "programme/master.wav", "components": [["path": "programme/dub.wav", "label": "A"], ["path": "elsewhere/dub-rt.wav", "label": "A"]]], 400),
                (["master": "programme/master.wav", "components": [["path": "programme/dub.wav"]], "methods": ["gpu"]], 422),
                (["master": "programme/master.wav", "components": [["path": "programme/dub.wav"]], "offset_mode": "weird"], 400),
                (["master": "programme/master.wav", "components": [["path": "programme/silent.mp4"]]], 400),
                (["master": "/etc/passwd", "components": [["path": "programme/dub.wav"]]], 400),
            ] {
                let refused = try await client.call(.POST, "/v1/analysis/componentized/async", json: body)
                #expect(refused.status == status, "\(body): \(refused.status) \(refused.object)")
            }
            let registry = try await client.call(.GET, "/v1/job-registry")
            #expect((registry.object["jobs"] as? [[String: Any]])?.compactMap { $0["component_count"] as? Int }.sorted() == [2, 2, 2])
            #expect(try await other.call(.GET, "/v1/job-registry").object["total"] as? Int == 0)
        }
    }

    @Test("traversal matrix: nothing outside the media root is listed or read")
    func traversal() async throws {
        try await Self.withAnalyzer(database: "sqlite") { client, _, root, _ in
            let outside = FileManager.default.temporaryDirectory.appendingPathComponent("analyzer-outside-\(UUID().uuidString.prefix(6))")
            try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: outside) }
            try Data("secret".utf8).write(to: outside.appendingPathComponent("secret.wav"))
            let sibling = root.path + "-sibling"  // shares the root's name as a prefix
            try FileManager.default.createDirectory(atPath: sibling, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: sibling) }
            let long = String(repeating: "a", count: 256)
            let cases: [(String, Int, String)] = [
                ("..", 400, "PATH_NOT_ALLOWED"), ("programme/../..", 400, "PATH_NOT_ALLOWED"), ("/etc", 400, "PATH_NOT_ALLOWED"),
                ("/etc/passwd", 400, "PATH_NOT_ALLOWED"), (outside.path, 400, "PATH_NOT_ALLOWED"), (sibling, 400, "PATH_NOT_ALLOWED"),
                ("\(root.path)/../\(root.lastPathComponent)", 400, "PATH_NOT_ALLOWED"), ("escape", 404, "FILE_NOT_FOUND"),
                ("escape/passwd", 404, "FILE_NOT_FOUND"), ("passwd.wav", 404, "FILE_NOT_FOUND"), ("programme/nothing", 404, "FILE_NOT_FOUND"),
                ("a\u{0}b", 400, "PATH_NOT_ALLOWED"), (long, 400, "PATH_NOT_ALLOWED"),
                (String(repeating: "d/", count: 2100), 400, "PATH_NOT_ALLOWED"), ("notes.txt", 400, "INVALID_FILE_TYPE"),
            ]
            for (path, status, code) in cases {
                let encoded = path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? path
                let listed = try await client.call(.GET, "/v1/files/?path=\(encoded)")
                #expect(listed.status == status && listed.object["error_code"] as? String == code, "list \(path.prefix(60)): \(listed.status) \(listed.object)")
                let validated = try await client.call(.POST, "/v1/files/validate", json: ["path": path])
                let fileStatus = code == "INVALID_FILE_TYPE" ? 200 : status
                #expect(validated.status == fileStatus, "validate \(path.prefix(60)): \(validated.status) \(validated.object)")
                let text = "\(listed.object) \(validated.object)"
                #expect(!text.contains("root:x:0"), "no byte of /etc/passwd")
                #expect(!text.contains("secret"), "no byte of files outside")
            }
            // `/v1/analysis/sync` is its own route, not an id of `/v1/analysis/{analysisId}`.
            let put = try await client.call(.PUT, "/v1/analysis/sync", json: [:])
            #expect(put.status == 405 && ((put.object["error"] as? [String: Any])?["details"] as? [String: Any])?["allowed"] as? [String] == ["POST"])
            let getSync = try await client.call(.GET, "/v1/analysis/sync")
            #expect([404, 405].contains(getSync.status), "\(getSync.status) \(getSync.object)")
            let escaping = try await client.call(.POST, "/v1/analysis/sync", json: ["master_file": "passwd.wav", "dub_file": "programme/dub.wav"])
            #expect(escaping.status == 404)
            let unknownId = try await client.call(.POST, "/v1/analysis/sync", json: ["master_file": "file_000000000000000000000000", "dub_file": "programme/dub.wav"])
            #expect(unknownId.status == 404 && unknownId.object["error_code"] as? String == "FILE_NOT_FOUND")
        }
    }

    static func waitFinished(_ client: MulticamClient, _ id: String) async throws -> (status: Int, object: [String: Any]) {
        let deadline = ContinuousClock.now + .seconds(180)
        while ContinuousClock.now < deadline {
            let answer = try await client.call(.GET, "/v1/analysis/\(id)")
            if ["completed", "failed", "cancelled"].contains(answer.object["status"] as? String) { return answer }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw MissingTestService("analysis \(id) did not finish within 180 s")
    }
}

/// The real path of a folder (the test's temporary folder may sit behind a link).
enum MediaRootsPath {
    static func real(_ path: String) -> String {
        guard let pointer = realpath(path, nil) else { return path }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}
