import AsyncHTTPClient
import BackendApp
import BackendCore
import Foundation
import RelayAPI
import Testing
import TestSupport

/// Seed 000 end to end: three cameras made by ffmpeg (one VFR, one without audio) plus a non-media file,
/// uploaded in parts through presigned URLs, ingested by the worker with real ffmpeg, derivatives checked
/// with ffprobe, and the session's WebSocket events followed.
@Suite("Multi-camera ingest end to end", .serialized)
struct MulticamEndToEndTests {
    struct World: Sendable {
        let client: MulticamClient
        let other: MulticamClient
        let services: AppServices
    }

    static func withWorld(
        _ store: String, database: String = "sqlite", extra more: [String: String] = [:], _ body: @escaping @Sendable (World) async throws -> Void
    ) async throws {
        let extra = ["multicam_min_part_mib": "5", "multicam_mezzanine_profile": "proxy", "multicam_proxy_height": "240"].merging(more) { $1 }
        try await TwoOrgServer.run(store, extra: extra, database: database) { server in
            try await body(World(
                client: MulticamClient(base: server.base, token: server.tokenA), other: MulticamClient(base: server.base, token: server.tokenB),
                services: server.services))
        }
    }

    static var stores: [String] { CaptureEndToEndTests.s3Available ? ["s3"] : ["local"] }

    @Test("three cameras (one VFR, one silent) and a non-media file: parts, derivatives, states, events", arguments: stores)
    func threeCameras(store: String) async throws {
        let folder = try TestEnvironment.temporaryDirectory("relay-multicam")
        defer { try? FileManager.default.removeItem(at: folder) }
        let a = folder.appendingPathComponent("CAM_A_001.mp4"), b = folder.appendingPathComponent("CAM_B_001.mp4")
        let c = folder.appendingPathComponent("CAM_C_001.mp4"), d = folder.appendingPathComponent("CAM_D_001.mp4")
        try await TestVideos.make(a, seconds: 12, videoBitrate: "5M")
        try await TestVideos.make(b, seconds: 12, videoBitrate: "5M", variableFrameRate: true)
        try await TestVideos.make(c, seconds: 12, audio: false)
        try Data(String(repeating: "not media at all ", count: 4000).utf8).write(to: d)

        try await Self.withWorld(store) { world in
            let client = world.client
            let session = try await client.createSession()
            let status0 = try await client.call(.GET, "/v2/sessions/\(session)/status")
            #expect(status0.object["status"] as? String == "draft")

            // Another org's session: its socket must stay silent; ours is 404 to them.
            let otherSession = try await world.other.createSession(title: "Other church")
            #expect(try await world.other.call(.GET, "/v2/sessions/\(session)/status").status == 404)
            let events = MulticamClient.Events(), otherEvents = MulticamClient.Events()
            let listener = Task {
                try await client.listen(session: session, into: events) { texts in
                    let all = MulticamClient.Events.parse(texts)
                    return Set(all.filter { ["asset.ready", "asset.failed"].contains($0["event"] as? String) }.compactMap { $0["cameraLabel"] as? String }).count == 4
                }
            }
            let otherListener = Task { try await world.other.listen(session: otherSession, into: otherEvents) { _ in false } }
            defer { otherListener.cancel() }
            try await Task.sleep(for: .milliseconds(300))

            var assets: [String: String] = [:]
            for (camera, file) in [("A", a), ("B", b), ("C", c), ("D", d)] {
                let upload = try await client.uploadParts(session: session, camera: camera, file: file)
                if camera == "A" { #expect(upload.parts.count >= 2, "A goes up in several parts") }
                let completed = try await client.complete(session: session, asset: upload.asset, uploadId: upload.uploadId, parts: upload.parts)
                #expect(completed.status == 200, "\(completed.object)")
                #expect(completed.object["status"] as? String == "ingesting")
                #expect(completed.object["ingestionJobId"] as? String != nil)
                assets[camera] = upload.asset
            }
            let ingesting = try await client.call(.GET, "/v2/sessions/\(session)/status")
            #expect(["ingesting", "ready"].contains(ingesting.object["status"] as? String))

            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await listener.value }
                group.addTask {
                    try await Task.sleep(for: .seconds(300))
                    throw MissingTestService("ingestion events did not arrive within 300 s")
                }
                try await group.next()
                group.cancelAll()
            }

            let listed = try await client.call(.GET, "/v2/sessions/\(session)/assets?includeDerivatives=true")
            #expect(listed.status == 200)
            let byCamera = Dictionary(uniqueKeysWithValues: (listed.object["assets"] as? [[String: Any]] ?? []).map { ($0["cameraLabel"] as? String ?? "", $0) })
            for camera in ["A", "B", "C"] {
                let asset = try #require(byCamera[camera])
                #expect(asset["status"] as? String == "ready", "\(camera): \(asset)")
                let metadata = try #require(asset["metadata"] as? [String: Any])
                #expect(abs((metadata["durationMs"] as? Double ?? 0) - 12000) < 500, "\(camera) \(metadata)")
                #expect(metadata["resolution"] as? String == "640x360" && metadata["codec"] as? String == "h264")
                let derivatives = Dictionary(uniqueKeysWithValues: (asset["derivatives"] as? [[String: Any]] ?? []).map { ($0["kind"] as? String ?? "", $0) })
                #expect(Set(derivatives.keys) == (camera == "C" ? ["proxy", "mezzanine"] : ["proxy", "mezzanine", "audio-wav"]), "\(camera)")
                for (kind, derivative) in derivatives {
                    let url = try #require(derivative["url"] as? String)
                    let file = folder.appendingPathComponent("\(camera)-\(kind)")
                    let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(60))
                    let bytes = try await response.body.collect(upTo: 512 << 20)
                    try Data(bytes.readableBytesView).write(to: file)
                    let declared = (derivative["sizeBytes"] as? NSNumber)?.intValue ?? -1
                    #expect(bytes.readableBytes == declared, "\(camera) \(kind) size")
                    let duration = try await TestVideos.probeDuration(file.path)
                    #expect(abs(duration - 12) < 0.5, "\(camera) \(kind) \(duration)")
                    let (selector, expected) = kind == "audio-wav" ? ("a:0", "pcm_s16le") : ("v:0", kind == "proxy" ? "h264" : "prores")
                    #expect(try await TestVideos.probeStream(file.path, selector: selector, entries: "codec_name").first == "codec_name=\(expected)", "\(camera) \(kind)")
                    if camera == "B", kind == "proxy" {
                        let rates = try await TestVideos.probeStream(file.path, selector: "v:0", entries: "avg_frame_rate,r_frame_rate")
                        let values: [String] = rates.map { line in String(line.split(separator: "=").last ?? "") }
                        #expect(Set(values).count == 1, "constant frame rate: \(rates)")
                    }
                }
            }
            let metadataB = byCamera["B"]?["metadata"] as? [String: Any]
            let variable = metadataB?["variableFrameRate"] as? Bool
            #expect(variable == true)
            #expect(byCamera["C"]?["issues"] as? [String] == ["MISSING_AUDIO_TRACK"])
            let failed = try #require(byCamera["D"])
            #expect(failed["status"] as? String == "failed")
            let error = try #require(failed["error"] as? [String: Any])
            #expect(error["code"] as? String == "INGESTION_FAILED")
            #expect((error["message"] as? String ?? "").contains("not a media file"), "\(error)")

            let status = try await client.call(.GET, "/v2/sessions/\(session)/status")
            #expect(status.object["status"] as? String == "ready")
            let counts = status.object["assets"] as? [String: Any]
            let readyCount = counts?["ready"] as? Int
            #expect(readyCount == 3)
            #expect(status.object["readyForNextPhase"] as? Bool == false, "a failed camera, and sync not approved")

            // Events: per asset, progress never goes back and the terminal event comes last.
            let all = events.all
            for (camera, id) in assets {
                let mine = all.filter { $0["assetId"] as? String == id }
                let kinds = mine.compactMap { $0["event"] as? String }
                #expect(kinds.last == (camera == "D" ? "asset.failed" : "asset.ready"), "\(camera): \(kinds)")
                #expect(kinds.dropLast().allSatisfy { $0 == "asset.ingesting" }, "\(camera): \(kinds)")
                let progress = mine.compactMap { $0["progress"] as? Double }
                #expect(progress == progress.sorted(), "\(camera) progress in order: \(progress)")
            }
            #expect(otherEvents.all.isEmpty, "another session's socket hears nothing")
            let work = URL(fileURLWithPath: world.services.configuration.dataDir).appendingPathComponent("work")
            #expect(await TestEnvironment.becomesEmpty(work), "scratch folders removed")
        }
    }
}
