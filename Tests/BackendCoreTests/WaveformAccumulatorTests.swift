import BackendCore
import Foundation
import Testing

/// The waveform reduction: chunking does not matter, columns hold peak and RMS.
@Suite("Waveform accumulator")
struct WaveformAccumulatorTests {
    static func bytes(_ samples: [Float]) -> Data {
        var data = Data()
        for sample in samples { withUnsafeBytes(of: sample.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    @Test("a 1 s tone of amplitude 0.5 then 1 s of silence: peaks 0.5 then 0, RMS 0.5/√2 then 0, whatever the chunking")
    func toneThenSilence() {
        let rate = 8000
        let tone = (0..<rate).map { Float(0.5 * sin(2 * Double.pi * 100 * Double($0) / Double(rate))) }
        let samples = tone + [Float](repeating: 0, count: rate)
        let data = Self.bytes(samples)
        var whole = WaveformAccumulator(sampleRate: rate)
        whole.consume(data)
        var pieces = WaveformAccumulator(sampleRate: rate)
        var offset = 0
        for size in [1, 3, 7, 4096, 5, 100_000] where offset < data.count {
            pieces.consume(data.subdata(in: offset..<min(data.count, offset + size)))
            offset += size
        }
        #expect(whole.durationSeconds == 2 && pieces.durationSeconds == 2)
        let (peaks, rms) = whole.waveform(width: 4)
        #expect(peaks.count == 4 && rms.count == 4)
        #expect(abs(peaks[0] - 0.5) < 0.001 && abs(peaks[1] - 0.5) < 0.001 && peaks[2] == 0 && peaks[3] == 0)
        #expect(abs(rms[0] - Float(0.5 / 2.0.squareRoot())) < 0.002 && rms[3] == 0)
        #expect(pieces.waveform(width: 4) == whole.waveform(width: 4))
        #expect(whole.waveform(width: 10_000).peaks.count == 200, "never more columns than 10 ms blocks")
    }
}
