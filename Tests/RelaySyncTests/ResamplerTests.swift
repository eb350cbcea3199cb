import Foundation
import Testing
import RelaySync

/// The resampler keeps tracks of different rates time-aligned (zero phase) and band-limited.
struct ResamplerTests {
    /// A 440 Hz sine of phase 0 at t = 0 must stay a sine of phase 0 at every rate.
    @Test(arguments: [(48000, 8000), (44100, 8000), (8000, 2000), (16000, 8000), (8000, 16000), (22050, 8000)])
    func zeroPhase(_ rates: (Int, Int)) {
        let (from, to) = rates
        let f = 440.0
        let input = (0..<(from / 2)).map { Float(sin(2 * Double.pi * f * Double($0) / Double(from))) }
        let output = Resampler.resample(input, from: from, to: to)
        #expect(abs(output.count - to / 2) <= 1)
        // Least-squares amplitude and phase of the 440 Hz component away from the edges.
        var s = 0.0, c = 0.0
        let range = (to / 20)..<(to / 2 - to / 20)
        for j in range {
            let w = 2 * Double.pi * f * Double(j) / Double(to)
            s += Double(output[j]) * sin(w)
            c += Double(output[j]) * cos(w)
        }
        let amplitude = 2 * (s * s + c * c).squareRoot() / Double(range.count)
        let delaySeconds = atan2(c, s) / (2 * Double.pi * f)
        #expect(abs(delaySeconds) < 1e-6, "\(from)→\(to): delay \(delaySeconds * 1e6) µs")
        #expect(abs(amplitude - 1) < 2e-3, "\(from)→\(to): gain \(amplitude)")
    }

    @Test func rejectsAliases() {
        // 6 kHz at 48 kHz would alias to 2 kHz at 8 kHz: must be ≥ 50 dB down.
        let input = (0..<48000).map { Float(sin(2 * Double.pi * 6000 * Double($0) / 48000)) }
        let output = Resampler.resample(input, from: 48000, to: 8000)
        let rms = (output[800..<7200].reduce(0.0) { $0 + Double($1 * $1) } / 6400).squareRoot()
        #expect(rms < 0.7071 * pow(10, -50.0 / 20))
    }

    @Test func streamingMatchesOneShot() {
        let input = (0..<44100).map { Float(sin(Double($0) * 0.01) + 0.3 * sin(Double($0) * 0.37)) }
        let whole = Resampler.resample(input, from: 44100, to: 8000)
        let streaming = Resampler(inputRate: 44100, outputRate: 8000)
        var pieces: [Float] = []
        var start = 0
        for size in [1, 7, 1000, 4096, 13, 20000] + [Int](repeating: 3000, count: 10) where start < input.count {
            let end = min(input.count, start + size)
            input[start..<end].withUnsafeBufferPointer { streaming.process($0, into: &pieces) }
            start = end
        }
        input[start...].withUnsafeBufferPointer { streaming.process($0, into: &pieces) }
        streaming.finish(into: &pieces)
        #expect(pieces.count == whole.count)
        #expect(zip(pieces, whole).allSatisfy { abs($0 - $1) < 1e-6 })
    }
}
