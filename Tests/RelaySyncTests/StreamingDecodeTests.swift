import Foundation
import RelaySync
import RelaySyncCorpus
import Testing

/// Long recordings decoded for analysis into unlinked scratch files and read a window at a time: the
/// engine (whose coarse stage then correlates in blocks) and the feature estimators give what the
/// in-memory path gives. Forced here on short files with `streamAboveSeconds: 0`; the memory figure for a
/// 3-hour pair is `Benchmarks/analyzer.sh`'s.
struct StreamingDecodeTests {
    static let directory: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("relaysync-stream-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    /// A 150 s scene at 48 kHz, master from 0 s and dub from 2.5 s (offset −2500 ms), each 140 s, as WAV.
    static func pair(_ name: String) throws -> (master: URL, dub: URL) {
        var scenario = SyncScenario(kind: .speech, seed: 81, masterSeconds: 140, cameraSeconds: 140, offsetSeconds: -2.5)
        scenario.masterRate = 48000
        scenario.cameraRate = 48000
        scenario.cameraSNRdB = 12
        let (master, dub) = scenario.render()
        let masterURL = directory.appendingPathComponent("\(name)-master.wav"), dubURL = directory.appendingPathComponent("\(name)-dub.wav")
        try WAVWriter.write([master.samples], rate: master.sampleRate, encoding: .int16, to: masterURL)
        try WAVWriter.write([dub.samples], rate: dub.sampleRate, encoding: .int16, to: dubURL)
        return (masterURL, dubURL)
    }

    static func scratch(_ name: String) throws -> URL {
        let url = directory.appendingPathComponent("scratch-\(name)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("WAV streamed: same samples in a file, nothing left in the scratch folder, engine and estimators as in memory")
    func wavStreamedMatchesInMemory() throws {
        let (masterURL, dubURL) = try Self.pair("wav")
        let scratch = try Self.scratch("wav")
        let decoder = AudioDecoder()
        let streamedMaster = try decoder.decodeForAnalysis(masterURL, scratch: scratch, streamAboveSeconds: 0)
        let streamedDub = try decoder.decodeForAnalysis(dubURL, scratch: scratch, streamAboveSeconds: 0)
        let memoryMaster = try decoder.decode(masterURL), memoryDub = try decoder.decode(dubURL)
        let file = try #require(streamedMaster.streamed?.file)
        #expect(streamedMaster.samples.isEmpty && file.count == memoryMaster.samples.count)
        #expect(file.readAll() == memoryMaster.samples, "the file holds exactly the decoded samples")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).isEmpty, "scratch files are unlinked while in use")

        let streamed = try SyncEngine().analyze(master: streamedMaster, masterLabel: "A", cameras: ["B": streamedDub])
        let memory = try SyncEngine().analyze(master: memoryMaster, masterLabel: "A", cameras: ["B": memoryDub])
        #expect(abs(streamed.offsetsMs["B"]! - -2500) < 1, "\(streamed.offsetsMs)")
        #expect(abs(streamed.offsetsMs["B"]! - memory.offsetsMs["B"]!) < 0.05, "blockwise coarse, same fine stage")
        #expect(streamed.classification["B"] == "looks-good" && memory.classification["B"] == "looks-good")

        for method in [SyncMethod.onset, .mfcc] {
            let a = try MultiMethodAnalysis.run(master: streamedMaster, dub: streamedDub, methods: [method], maxOffsetSeconds: 30)
            let b = try MultiMethodAnalysis.run(master: memoryMaster, dub: memoryDub, methods: [method], maxOffsetSeconds: 30)
            #expect(a.primary.offsetSeconds == b.primary.offsetSeconds && a.primary.confidence == b.primary.confidence, "\(method)")
        }
    }

    @Test("AAC through ffmpeg streamed: offset within 1 ms; short files stay in memory, exactly as decode gives them")
    func ffmpegStreamedAndShortInMemory() throws {
        let (masterURL, dubURL) = try Self.pair("aac")
        let masterM4A = Self.directory.appendingPathComponent("aac-master.m4a"), dubM4A = Self.directory.appendingPathComponent("aac-dub.m4a")
        try DecoderTests.ffmpeg(["-i", masterURL.path, "-c:a", "aac", "-b:a", "160k", masterM4A.path])
        try DecoderTests.ffmpeg(["-i", dubURL.path, "-c:a", "aac", "-b:a", "160k", dubM4A.path])
        let scratch = try Self.scratch("aac")
        let decoder = AudioDecoder()
        let master = try decoder.decodeForAnalysis(masterM4A, scratch: scratch, streamAboveSeconds: 0)
        let dub = try decoder.decodeForAnalysis(dubM4A, scratch: scratch, streamAboveSeconds: 0)
        #expect(master.streamed != nil && dub.streamed != nil)
        let analysis = try SyncEngine().analyze(master: master, masterLabel: "A", cameras: ["B": dub])
        #expect(abs(analysis.offsetsMs["B"]! - -2500) < 1, "\(analysis.offsetsMs)")

        let short = try decoder.decodeForAnalysis(dubM4A, scratch: scratch)
        let whole = try decoder.decode(dubM4A)
        #expect(short.streamed == nil && short.samples == whole.samples)
    }

    @Test("a chaptered master of streamed files is joined in a file; a scratch folder that does not exist is a clear error")
    func joinedAndScratchErrors() throws {
        let (masterURL, dubURL) = try Self.pair("join")
        let scratch = try Self.scratch("join")
        let decoder = AudioDecoder()
        let master = try decoder.decodeForAnalysis(masterURL, scratch: scratch, streamAboveSeconds: 0)
        let dub = try decoder.decodeForAnalysis(dubURL, scratch: scratch, streamAboveSeconds: 0)
        let samples = try #require(master.streamed).file.readAll()
        // The master in two files: its first 70 s in memory, the rest from a WAV decoded streamed.
        let first = AudioTrack(samples: Array(samples[0..<(70 * 8000)]), sampleRate: 8000)
        let rest = Self.directory.appendingPathComponent("join-master-rest.wav")
        try WAVWriter.write([Array(samples[(70 * 8000)...])], rate: 8000, encoding: .float32, to: rest)
        let second = try decoder.decodeForAnalysis(rest, scratch: scratch, streamAboveSeconds: 0)
        #expect(second.streamed != nil)
        let analysis = try SyncEngine().analyze(
            masterFiles: [CameraFile(number: 1, id: "m1", track: first), CameraFile(number: 2, id: "m2", track: second)], masterLabel: "A",
            cameraFiles: ["B": [CameraFile(number: 1, id: "b", track: dub)]])
        #expect(abs(analysis.offsetsMs["B"]! - -2500) < 1, "\(analysis.offsetsMs)")
        #expect(analysis.files?["A"]?.map(\.startSeconds) == [0, 70])

        let missing = Self.directory.appendingPathComponent("no-such-folder")
        #expect(throws: AudioDecodingError.self) { try decoder.decodeForAnalysis(masterURL, scratch: missing, streamAboveSeconds: 0) }
    }
}
