import BackendCore
import Foundation
import Testing

/// The pure parts of seed 000 ingest: part plans, derived session status, camera labels, VFR detection,
/// ffmpeg flags, event JSON.
@Suite("Multi-camera rules")
struct MulticamTests {
    static let plans: [(Int64, Int, Int64, Int)] = [
        (1, 16, 16 << 20, 1),
        (16 << 20, 16, 16 << 20, 1),
        ((16 << 20) + 1, 16, 16 << 20, 2),
        (5 << 30, 16, 16 << 20, 320),
        (500 << 30, 16, 52 << 20, 9847),
        (6 << 20, 5, 5 << 20, 2),
    ]

    @Test("part plans stay within 10,000 parts of at most 5 GiB, in whole MiB, never under the minimum", arguments: plans)
    func partPlan(size: Int64, minimum: Int, partSize: Int64, count: Int) throws {
        let plan = try #require(PartPlan(size: size, minPartMiB: minimum))
        #expect(plan.partSize == partSize && plan.partCount == count)
        #expect(plan.partCount <= PartPlan.maxParts && Int64(plan.partCount) * plan.partSize >= size)
    }

    @Test("impossible sizes have no plan")
    func noPlan() {
        #expect(PartPlan(size: 0, minPartMiB: 16) == nil)
        #expect(PartPlan(size: Int64(60) << 40, minPartMiB: 16) == nil, "over 10,000 × 5 GiB")
    }

    static let statuses: [([AssetRecord.Status], String?, String, Bool)] = [
        ([], nil, "draft", false),
        ([.uploading], nil, "ingesting", false),
        ([.ready, .ingesting], nil, "ingesting", false),
        ([.ready], nil, "ready", true),
        ([.ready, .ready], nil, "ready", false),
        ([.ready, .ready], "running", "syncing", false),
        ([.ready, .ready], "pending", "needs-review", false),
        ([.ready, .ready], "approved", "ready", true),
        ([.ready, .failed], "corrected", "ready", false),
    ]

    @Test("session status follows the assets", arguments: statuses)
    func status(assets: [AssetRecord.Status], sync: String?, expected: String, next: Bool) {
        let summary = MulticamStatus.summarize(assets, syncState: sync)
        #expect(summary.status == expected)
        #expect(summary.readyForNextPhase == next)
        #expect(summary.total == assets.count && summary.ingested == assets.filter { $0 != .uploading }.count)
    }

    @Test("one camera in several files needs no sync to be ready for the next phase; two cameras do")
    func chapteredStatus() {
        #expect(MulticamStatus.summarize([.ready, .ready, .ready], cameras: 1).readyForNextPhase)
        #expect(!MulticamStatus.summarize([.ready, .ready, .ready], cameras: 2).readyForNextPhase)
        #expect(MulticamStatus.summarize([.ready, .ready, .ready], syncState: "approved", cameras: 2).readyForNextPhase)
    }

    @Test("camera labels: A–Z by default, or a safe distinct list")
    func labels() throws {
        #expect(try MulticamConfiguration.parseLabels(nil).count == 26)
        #expect(try MulticamConfiguration.parseLabels("wide, close_1,drone") == ["wide", "close_1", "drone"])
        for bad in ["", "a,a", "a/b", "x y", String(repeating: "a", count: 17)] {
            #expect(throws: ConfigurationError.self) { try MulticamConfiguration.parseLabels(bad) }
        }
    }

    @Test("VFR is an average rate away from the base rate; constant output uses the nearest standard rate")
    func frameRates() throws {
        let json = """
            {"streams":[{"codec_type":"video","codec_name":"h264","width":640,"height":360,"avg_frame_rate":"2010/89","r_frame_rate":"30/1"}],
             "format":{"duration":"3.0","format_name":"mov"}}
            """
        let media = try MediaProbe.media(fromJSON: Data(json.utf8))
        let video = try #require(media.video)
        #expect(video.isVariableFrameRate)
        #expect(video.standardFrameRate == 30, "base rate 30 kept, gaps filled")
        var odd = video
        odd.nominalFrameRate = 90000
        #expect(odd.standardFrameRate == 24000.0 / 1001, "a nonsense base rate falls back to the average's nearest standard")
        #expect(media.audioCodec == nil)
        let audioOnly = try MediaProbe.media(fromJSON: Data(#"{"streams":[{"codec_type":"audio","codec_name":"pcm_s24le"}],"format":{"duration":"60"}}"#.utf8))
        #expect(audioOnly.video == nil && audioOnly.audioCodec == "pcm_s24le")
    }

    @Test("one ffmpeg run: CFR proxy + ProRes mezzanine + WAV; no audio → no WAV; audio-only → WAV only")
    func commands() throws {
        let input = URL(fileURLWithPath: "/w/original"), out = URL(fileURLWithPath: "/w/out")
        let video = ProbedMedia.Video(
            codec: "h264", width: 1080, height: 1920, pixelFormat: "yuv420p", profile: "High", level: 40, averageFrameRate: 29.5,
            nominalFrameRate: 30)
        let mov = try #require(MediaContainer(formatName: "mov"))
        let full = IngestCommands.derivatives(
            input: input, container: mov, folder: out, media: ProbedMedia(durationSeconds: 10, video: video, audioCodec: "aac", formatName: "mov"),
            proxyHeight: 540, mezzanineProfile: "hq")
        let graphIndex = try #require(full.firstIndex(of: "-filter_complex"))
        let graph = full[graphIndex + 1]
        #expect(graph.hasPrefix("[0:v:0]fps=30,split=2") && graph.contains("scale=540:-2"), "portrait proxy scales the width: \(graph)")
        let prores = try #require(full.firstIndex(of: "prores"))
        #expect(full[prores + 2] == "3", "hq = profile 3")
        #expect(full.contains("/w/out/proxy.mp4") && full.contains("/w/out/mezzanine.mov") && full.contains("/w/out/audio.wav"))
        let silent = IngestCommands.derivatives(
            input: input, container: mov, folder: out, media: ProbedMedia(durationSeconds: 10, video: video, audioCodec: nil, formatName: "mov"),
            proxyHeight: 540, mezzanineProfile: "lt")
        #expect(!silent.contains("/w/out/audio.wav") && silent.contains("/w/out/mezzanine.mov"))
        let audio = IngestCommands.derivatives(
            input: input, container: try #require(MediaContainer(formatName: "mp3")), folder: out, media: ProbedMedia(durationSeconds: 10, video: nil, audioCodec: "mp3", formatName: "mp3"),
            proxyHeight: 540, mezzanineProfile: "lt")
        #expect(audio.contains("/w/out/audio.wav") && !audio.contains("-filter_complex"))
        #expect(audio.firstIndex(of: "-i").map { audio[$0 - 1] } == "mp3" && full.firstIndex(of: "-i").map { full[$0 - 1] } == "mov")
    }

    @Test("events are compact JSON in the seed's shape")
    func events() {
        let asset = AssetRecord(
            id: UUID(uuidString: "00000000-0000-0000-0000-0000000000AB")!, sessionId: UUID(), orgId: UUID(), cameraLabel: "B", version: 1,
            fileName: "b.mp4", contentType: "video/mp4", sizeBytes: 1, storageKey: "k", uploadId: "u", partSize: 1, partCount: 1,
            uploadExpiresAt: Date())
        #expect(SessionEvent.ingesting(asset, progress: 0.4567).json
            == #"{"assetId":"00000000-0000-0000-0000-0000000000ab","cameraLabel":"B","chapter":1,"event":"asset.ingesting","progress":0.457}"#)
        #expect(SessionEvent.ready(asset).json == #"{"assetId":"00000000-0000-0000-0000-0000000000ab","cameraLabel":"B","chapter":1,"event":"asset.ready"}"#)
    }
}
