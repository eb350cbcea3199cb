import BackendCore
import Foundation
import Testing

/// The pure parts of HLS packaging: playlist checks and rewriting, master playlists, names, ladder plan,
/// ffmpeg flags and progress, ffprobe parsing.
@Suite("HLS packaging")
struct HLSTests {
    static let ffmpegPlaylist = """
        #EXTM3U
        #EXT-X-VERSION:3
        #EXT-X-TARGETDURATION:5
        #EXT-X-MEDIA-SEQUENCE:0
        #EXT-X-PLAYLIST-TYPE:VOD
        #EXT-X-INDEPENDENT-SEGMENTS
        #EXTINF:4.000000,
        /var/lib/relay/work/video-x-process/hls/src_00000.ts
        #EXTINF:4.000000,
        src_00001.ts
        #EXTINF:1.500000,
        src_00002.ts
        #EXT-X-ENDLIST

        """

    @Test("media playlists: URIs become segment/{id}, durations add up, paths vanish")
    func rewrite() throws {
        let media = try HLSPlaylist.rewriteMedia(Self.ffmpegPlaylist)
        #expect(media.segments.map(\.name) == ["src_00000.ts", "src_00001.ts", "src_00002.ts"])
        #expect(abs(media.duration - 9.5) < 1e-9)
        #expect(media.text.contains("segment/src_00000.ts\n"))
        #expect(!media.text.contains("/var/lib"))
        #expect(media.text.hasPrefix("#EXTM3U\n") && media.text.hasSuffix("#EXT-X-ENDLIST\n"))
    }

    @Test("media playlists: incomplete, foreign names, keys and fMP4 maps are refused")
    func refuse() {
        let cases = [
            Self.ffmpegPlaylist.replacingOccurrences(of: "#EXT-X-ENDLIST", with: ""),
            Self.ffmpegPlaylist.replacingOccurrences(of: "src_00001.ts", with: "../../etc/passwd"),
            Self.ffmpegPlaylist.replacingOccurrences(of: "src_00001.ts", with: "src_1.ts"),
            Self.ffmpegPlaylist.replacingOccurrences(of: "#EXT-X-INDEPENDENT-SEGMENTS", with: "#EXT-X-MAP:URI=\"init.mp4\""),
            "#EXTM3U\n#EXT-X-ENDLIST\n",
            "not a playlist",
        ]
        for text in cases {
            #expect(throws: HLSPlaylist.Invalid.self) { try HLSPlaylist.rewriteMedia(text) }
        }
    }

    @Test("growing EVENT playlists: taken without ENDLIST only when asked, and only as EVENT; the fast rendition's command writes them")
    func growing() throws {
        let event = Self.ffmpegPlaylist.replacingOccurrences(of: "#EXT-X-PLAYLIST-TYPE:VOD", with: "#EXT-X-PLAYLIST-TYPE:EVENT")
        let open = event.replacingOccurrences(of: "#EXT-X-ENDLIST\n", with: "")
        let growing = try HLSPlaylist.rewriteMedia(open, growing: true)
        #expect(!growing.isComplete && growing.segments.count == 3 && !growing.text.contains("ENDLIST"))
        #expect(growing.text.contains("#EXT-X-PLAYLIST-TYPE:EVENT\n") && growing.text.contains("segment/src_00000.ts\n"))
        #expect(try HLSPlaylist.rewriteMedia(event, growing: true).isComplete)
        #expect(throws: HLSPlaylist.Invalid.self) { try HLSPlaylist.rewriteMedia(open) }
        #expect(throws: HLSPlaylist.Invalid.self, "an open VOD playlist is broken, not growing") {
            try HLSPlaylist.rewriteMedia(Self.ffmpegPlaylist.replacingOccurrences(of: "#EXT-X-ENDLIST\n", with: ""), growing: true)
        }
        #expect(throws: HLSPlaylist.Invalid.self, "nothing to play yet") {
            try HLSPlaylist.rewriteMedia("#EXTM3U\n#EXT-X-PLAYLIST-TYPE:EVENT\n#EXT-X-TARGETDURATION:4\n", growing: true)
        }

        let mov = try #require(MediaContainer(formatName: "mov,mp4,m4a,3gp,3g2,mj2"))
        let hevc = VideoMetadata(
            durationSeconds: 60, width: 1920, height: 1080, frameRate: 30, videoCodec: "hevc", audioCodec: "aac", pixelFormat: "yuv420p",
            videoProfile: "Main", formatName: "mov")
        let fast = HLSRung(shortSide: 480, name: HLSNames.fastRendition)
        #expect(HLSNames.isRendition(fast.name) && fast.videoKbps == HLSRung(shortSide: 480).videoKbps)
        let command = HLSCommands.ladder(
            input: URL(fileURLWithPath: "/w/original"), container: mov, folder: URL(fileURLWithPath: "/w/hls"), metadata: hevc, rungs: [fast],
            segmentSeconds: 4, preset: "ultrafast", growing: true)
        #expect(command.firstIndex(of: "-hls_playlist_type").map { command[$0 + 1] } == "event")
        #expect(command.firstIndex(of: "-hls_flags").map { command[$0 + 1] } == "independent_segments+temp_file", "segments renamed when whole")
        #expect(command.firstIndex(of: "-preset").map { command[$0 + 1] } == "ultrafast")
        #expect(command.contains("/w/hls/fast.m3u8") && command.contains("/w/hls/fast_%05d.ts") && command.contains("expr:gte(t,n_forced*4)"))
        let vod = HLSCommands.ladder(
            input: URL(fileURLWithPath: "/w/original"), container: mov, folder: URL(fileURLWithPath: "/w/hls"), metadata: hevc, rungs: [fast],
            segmentSeconds: 4, preset: "veryfast")
        #expect(vod.firstIndex(of: "-hls_playlist_type").map { vod[$0 + 1] } == "vod")
        #expect(!vod.contains("-readrate"))
        let paced = HLSCommands.ladder(
            input: URL(fileURLWithPath: "/w/original"), container: mov, folder: URL(fileURLWithPath: "/w/hls"), metadata: hevc, rungs: [fast],
            segmentSeconds: 4, preset: "ultrafast", growing: true, readRate: 1)
        let rate = try #require(paced.firstIndex(of: "-readrate"))
        #expect(paced[rate + 1] == "1.000" && rate < paced.firstIndex(of: "-i")!, "an input option, before -i")
    }

    @Test("master playlist lists variants with bandwidth, resolution, codecs and frame rate")
    func master() {
        let rates = HLSPlaylist.Variant.bitRates(
            segments: [.init(name: "a_00000.ts", duration: 4), .init(name: "a_00001.ts", duration: 0.5)], sizes: [1_000_000, 50_000])
        #expect(rates.peak == 2_000_000, "4 s of 1 MB = 2 Mbit/s; the 0.5 s tail is measured over 1 s (400 kbit/s)")
        #expect(rates.average == Int((1_050_000.0 * 8 / 4.5).rounded(.up)))
        let text = HLSPlaylist.master([
            .init(name: "480p", bandwidth: 1_500_000, averageBandwidth: 1_200_000, width: 854, height: 480, codecs: "avc1.64001e,mp4a.40.2", frameRate: 30),
            .init(name: "720p", bandwidth: 3_000_000, averageBandwidth: 2_500_000, width: 1280, height: 720, codecs: nil, frameRate: nil),
        ])
        #expect(text == """
            #EXTM3U
            #EXT-X-VERSION:3
            #EXT-X-INDEPENDENT-SEGMENTS
            #EXT-X-STREAM-INF:BANDWIDTH=1500000,AVERAGE-BANDWIDTH=1200000,RESOLUTION=854x480,CODECS="avc1.64001e,mp4a.40.2",FRAME-RATE=30.000
            480p.m3u8
            #EXT-X-STREAM-INF:BANDWIDTH=3000000,AVERAGE-BANDWIDTH=2500000,RESOLUTION=1280x720
            720p.m3u8

            """)
        #expect(HLSPlaylist.codecs(h264Profile: "High", level: 40, hasAudio: true) == "avc1.640028,mp4a.40.2")
        #expect(HLSPlaylist.codecs(h264Profile: "Constrained Baseline", level: 30, hasAudio: false) == "avc1.42c01e")
        #expect(HLSPlaylist.codecs(h264Profile: "Main", level: 31, hasAudio: false) == "avc1.4d401f")
        #expect(HLSPlaylist.codecs(h264Profile: "High 10", level: 40, hasAudio: false) == nil)
    }

    @Test("names: only rendition playlists and numbered segments pass")
    func names() {
        for good in ["src_00000.ts", "720p_00012.ts", "1080p_123456.ts"] { #expect(HLSNames.isSegment(good), "\(good)") }
        for bad in ["../src_00000.ts", "src_00000.m3u8", "src_0.ts", "SRC_00000.ts", "src_00000.ts/x", "a/b_00000.ts", "_00000.ts",
            "toolongname_00000.ts", "src_0000a.ts", "src%2F_00000.ts", ""]
        {
            #expect(!HLSNames.isSegment(bad), "\(bad)")
        }
        #expect(HLSNames.isPlaylist("720p.m3u8") && HLSNames.isPlaylist("src.m3u8"))
        #expect(!HLSNames.isPlaylist("manifest") && !HLSNames.isPlaylist("../x.m3u8") && !HLSNames.isPlaylist(".m3u8"))
        #expect(HLSNames.rendition(ofSegment: "720p_00003.ts") == "720p")
    }

    @Test("ladder plan never upscales; a small source gets one rung of its own size")
    func ladderPlan() throws {
        #expect(HLSRung.plan(configured: [1080, 720, 480], sourceShortSide: 1080).map(\.name) == ["1080p", "720p", "480p"])
        #expect(HLSRung.plan(configured: [1080, 720, 480], sourceShortSide: 720).map(\.name) == ["720p", "480p"])
        #expect(HLSRung.plan(configured: [1080, 720, 480], sourceShortSide: 361).map(\.name) == ["360p"])
        #expect(HLSRung(shortSide: 720).videoKbps == 2800)
        #expect(try VideoConfiguration.parseLadder("720, 1080,720") == [1080, 720])
        #expect(try VideoConfiguration.parseLadder("none") == [])
        for bad in ["", "abc", "721", "100", "1080,,x"] {
            #expect(throws: ConfigurationError.self) { try VideoConfiguration.parseLadder(bad) }
        }
        #expect(try VideoConfiguration.parseFastHeight(nil) == 480)
        #expect(try VideoConfiguration.parseFastHeight(" 360 ") == 360)
        #expect(try VideoConfiguration.parseFastHeight("none") == nil)
        #expect(try VideoConfiguration.parseReadRate(nil) == nil && VideoConfiguration.parseReadRate("none") == nil)
        #expect(try VideoConfiguration.parseReadRate("1.5") == 1.5)
        for bad in ["0", "-1", "abc", "1000", "nan"] {
            #expect(throws: ConfigurationError.self) { try VideoConfiguration.parseReadRate(bad) }
        }
        for bad in ["", "abc", "361", "100", "2160"] {
            #expect(throws: ConfigurationError.self) { try VideoConfiguration.parseFastHeight(bad) }
        }
    }

    @Test("ffmpeg commands: HLS flags, closed GOPs on the segment grid, constant frame rate, portrait scaling")
    func commands() throws {
        let folder = URL(fileURLWithPath: "/w/hls")
        let mov = try #require(MediaContainer(formatName: "mov,mp4,m4a,3gp,3g2,mj2"))
        let remux = HLSCommands.remux(input: URL(fileURLWithPath: "/w/original"), container: mov, folder: folder, segmentSeconds: 4)
        #expect(remux.contains("copy") && remux.contains("/w/hls/src_%05d.ts") && remux.last == "/w/hls/src.m3u8")
        let input = try #require(remux.firstIndex(of: "-i"))
        #expect(remux[input - 2] == "-f" && remux[input - 1] == "mov" && remux[input + 1] == "/w/original", "the probed demuxer is forced")
        #expect(remux.contains("-protocol_whitelist") && remux.contains("-format_whitelist"))
        let portrait = VideoMetadata(
            durationSeconds: 10, width: 1080, height: 1920, frameRate: 30000.0 / 1001, videoCodec: "hevc", audioCodec: "aac",
            pixelFormat: "yuv420p", videoProfile: "Main", formatName: "mov")
        let ladder = HLSCommands.ladder(
            input: URL(fileURLWithPath: "/w/original"), container: mov, folder: folder, metadata: portrait,
            rungs: HLSRung.plan(configured: [1080, 720], sourceShortSide: portrait.shortSide), segmentSeconds: 4, preset: "veryfast")
        let graph = ladder[ladder.firstIndex(of: "-filter_complex")! + 1]
        #expect(graph.hasPrefix("[0:v:0]fps=30000/1001,split=2"))
        #expect(graph.contains("scale=1080:-2") && graph.contains("scale=720:-2"), "portrait scales the width")
        #expect(ladder.filter { $0 == "libx264" }.count == 2)
        #expect(ladder.firstIndex(of: "-f").map { ladder[$0 + 1] } == "mov", "the probed demuxer is forced")
        #expect(ladder.contains("expr:gte(t,n_forced*4)") && ladder.contains("+cgop"))
        #expect(ladder.contains("120"), "GOP = 4 s × 29.97 fps ≈ 120 frames")
        #expect(ladder.contains("/w/hls/720p.m3u8") && ladder.contains("/w/hls/1080p_%05d.ts"))
        #expect(HLSCommands.progressSeconds("out_time_us=12500000") == 12.5)
        #expect(HLSCommands.progressSeconds("out_time_ms=1000000") == 1)
        #expect(HLSCommands.progressSeconds("out_time_us=N/A") == nil)
        #expect(HLSCommands.progressSeconds("frame=12") == nil)
    }

    @Test("ffprobe JSON: video found, attached pictures and stills refused, remux decision")
    func probe() throws {
        let h264 = """
            {"streams":[{"codec_type":"video","codec_name":"h264","profile":"High","level":31,"width":1280,"height":720,"pix_fmt":"yuv420p",
            "avg_frame_rate":"30000/1001","r_frame_rate":"30000/1001","disposition":{"attached_pic":0}},
            {"codec_type":"audio","codec_name":"aac"}],"format":{"duration":"20.020000","format_name":"mov,mp4,m4a,3gp,3g2,mj2"}}
            """
        let metadata = try MediaProbe.metadata(fromJSON: Data(h264.utf8))
        #expect(metadata.width == 1280 && metadata.height == 720 && metadata.videoLevel == 31)
        #expect(abs(metadata.frameRate - 29.97) < 0.01 && abs(metadata.durationSeconds - 20.02) < 1e-9)
        #expect(metadata.isRemuxable)
        var tenBit = metadata
        tenBit.pixelFormat = "yuv420p10le"
        #expect(!tenBit.isRemuxable)
        var opus = metadata
        opus.audioCodec = "opus"
        #expect(!opus.isRemuxable)
        let song = """
            {"streams":[{"codec_type":"audio","codec_name":"mp3"},{"codec_type":"video","codec_name":"mjpeg","width":500,"height":500,
            "disposition":{"attached_pic":1}}],"format":{"duration":"180.0","format_name":"mp3"}}
            """
        #expect(throws: MediaProbe.NotAVideo.self) { try MediaProbe.metadata(fromJSON: Data(song.utf8)) }
        #expect(throws: MediaProbe.NotAVideo.self) { try MediaProbe.metadata(fromJSON: Data(#"{"streams":[],"format":{"duration":"1"}}"#.utf8)) }
        #expect(throws: MediaProbe.NotAVideo.self) { try MediaProbe.metadata(fromJSON: Data("garbage".utf8)) }
    }
}
