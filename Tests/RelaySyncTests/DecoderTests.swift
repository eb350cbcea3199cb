import Foundation
import Testing
import RelaySync
import RelaySyncCorpus

/// WAV fast path (every encoding, channel count, header variant) and the ffmpeg path (AAC, no
/// audio, garbage, missing file).
struct DecoderTests {
    static let directory: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("relaysync-tests-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    /// 3 s of speech at `rate` with a click at exactly 1.000 s.
    static func signal(rate: Int) -> [Float] {
        var x = SceneSynthesizer.render(.speech, seconds: 3, rate: rate, seed: 70).map { $0 * 0.5 }
        x[rate] = 0.7
        return x
    }

    struct WAVCase: Sendable, CustomTestStringConvertible {
        var encoding: WAVWriter.Encoding
        var rate: Int
        var channels: Int
        var extensible = false
        var rf64 = false
        var testDescription: String { "\(encoding) \(rate) Hz ×\(channels)\(extensible ? " extensible" : "")\(rf64 ? " RF64" : "")" }
    }

    @Test(arguments: [
        WAVCase(encoding: .int16, rate: 48000, channels: 2),
        WAVCase(encoding: .int16, rate: 44100, channels: 1),
        WAVCase(encoding: .int24, rate: 48000, channels: 2, extensible: true),
        WAVCase(encoding: .int32, rate: 32000, channels: 1),
        WAVCase(encoding: .float32, rate: 48000, channels: 3, rf64: true),
        WAVCase(encoding: .float32, rate: 8000, channels: 1, extensible: true),
    ])
    func wavFastPath(_ c: WAVCase) throws {
        let mono = Self.signal(rate: c.rate)
        // Channel k = mono × (1 + 0.1k): the mean is mono × (1 + 0.05(channels − 1)).
        let channels = (0..<c.channels).map { k in mono.map { $0 * (1 + 0.1 * Float(k)) } }
        let url = Self.directory.appendingPathComponent("\(c.testDescription.replacingOccurrences(of: " ", with: "_")).wav")
        try WAVWriter.write(channels, rate: c.rate, encoding: c.encoding, to: url, extensible: c.extensible, rf64: c.rf64)
        defer { try? FileManager.default.removeItem(at: url) }
        let track = try AudioDecoder(sampleRate: 8000).decode(url)
        #expect(track.sampleRate == 8000)
        #expect(abs(track.samples.count - 3 * 8000) <= 1)
        let gain = 1 + 0.05 * Float(c.channels - 1)
        let reference = Resampler.resample(mono, from: c.rate, to: 8000).map { $0 * gain }
        let worst = zip(track.samples, reference).map { abs($0 - $1) }.max() ?? 1
        #expect(worst < (c.encoding == .int16 ? 2e-4 : 1e-5), "max deviation \(worst)")
    }

    @Test func aacThroughFFmpegStaysAligned() throws {
        let rate = 48000
        let x = SceneSynthesizer.render(.speech, seconds: 6, rate: rate, seed: 71).map { $0 * 0.5 }
        let wav = Self.directory.appendingPathComponent("aac-source.wav")
        try WAVWriter.write([x, x], rate: rate, encoding: .int16, to: wav)
        let m4a = Self.directory.appendingPathComponent("aac.m4a")
        defer { for url in [wav, m4a] { try? FileManager.default.removeItem(at: url) } }
        try Self.ffmpeg(["-i", wav.path, "-c:a", "aac", "-b:a", "128k", m4a.path])
        let decoder = AudioDecoder(sampleRate: 8000)
        let fromWAV = try decoder.decode(wav)
        let fromAAC = try decoder.decode(m4a)
        #expect(abs(fromAAC.samples.count - fromWAV.samples.count) < 400)
        let detail = try SyncEngine().measurePair(reference: fromWAV, other: fromAAC)
        #expect(abs(detail.offsetMs) < 1, "AAC decode misaligned by \(detail.offsetMs) ms")
    }

    @Test func compressedWAVFallsBackToFFmpeg() throws {
        let x = Self.signal(rate: 16000)
        let wav = Self.directory.appendingPathComponent("pcm-for-adpcm.wav")
        try WAVWriter.write([x], rate: 16000, encoding: .int16, to: wav)
        let adpcm = Self.directory.appendingPathComponent("adpcm.wav")
        defer { for url in [wav, adpcm] { try? FileManager.default.removeItem(at: url) } }
        try Self.ffmpeg(["-i", wav.path, "-c:a", "adpcm_ms", adpcm.path])
        let track = try AudioDecoder(sampleRate: 8000).decode(adpcm)
        #expect(abs(track.samples.count - 24000) < 1200)
    }

    @Test func videoWithoutAudioThrowsNoAudioTrack() throws {
        let mp4 = Self.directory.appendingPathComponent("video-only.mp4")
        defer { try? FileManager.default.removeItem(at: mp4) }
        try Self.ffmpeg(["-f", "lavfi", "-i", "color=c=black:s=64x64:d=1", "-c:v", "mpeg4", mp4.path])
        #expect(throws: AudioDecodingError.noAudioTrack(path: mp4.path)) { try AudioDecoder().decode(mp4) }
    }

    @Test func garbageFileThrowsUnreadable() throws {
        let url = Self.directory.appendingPathComponent("garbage.mov")
        defer { try? FileManager.default.removeItem(at: url) }
        var rng = SeededRandom(seed: 5)
        try Data((0..<4000).map { _ in UInt8(truncatingIfNeeded: rng.next()) }).write(to: url)
        #expect {
            try AudioDecoder().decode(url)
        } throws: { error in
            if case .unreadableFile = error as? AudioDecodingError { return true }
            return false
        }
    }

    @Test func truncatedWAVThrowsUnreadable() throws {
        let url = Self.directory.appendingPathComponent("truncated.wav")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data("RIFF\u{0}\u{0}\u{0}\u{0}WAVEfmt ".utf8).write(to: url)
        #expect {
            try AudioDecoder().decode(url)
        } throws: { error in
            if case .unreadableFile = error as? AudioDecodingError { return true }
            return false
        }
    }

    @Test func missingFileThrowsFileNotFound() {
        let url = Self.directory.appendingPathComponent("nope.mp4")
        #expect(throws: AudioDecodingError.fileNotFound(path: url.path)) { try AudioDecoder().decode(url) }
    }

    static func ffmpeg(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["ffmpeg", "-nostdin", "-v", "error", "-y"] + arguments
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
    }
}
