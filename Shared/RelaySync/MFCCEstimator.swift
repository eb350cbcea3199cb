import Foundation

/// The `mfcc` method, as audio-offset-finder does it at a finer hop: MFCC frames of both tracks,
/// each coefficient z-normalised and cross-correlated, the correlations summed.
///
/// 26 mel bands (100–3,800 Hz) of 32 ms Hann frames at 8 kHz every 10 ms (100 frames/s), log energies,
/// DCT-II, coefficients 1–12 (c0, the loudness, is left out so level differences between master and dub
/// do not count). Resolution 10 ms; a parabola through the peak refines it below a frame.
package struct MFCCEstimator: Sendable {
    package static let sampleRate = 8000
    package static let hop = 80
    static let bands = 26
    static let coefficients = 12

    package init() {}

    /// Offset of `other` against `reference` (`t_other − t_reference`), searched within ±`maxOffsetSeconds`.
    /// `nil` when either track is shorter than a second or silent.
    package func estimate(reference: AudioTrack, other: AudioTrack, maxOffsetSeconds: Double) -> FeatureEstimate? {
        guard let r = features(reference), let o = features(other) else { return nil }
        let frameRate = Double(Self.sampleRate) / Double(Self.hop)
        return FeatureAligner.align(
            reference: r, other: o, frameRate: frameRate, maxLagFrames: Int((maxOffsetSeconds * frameRate).rounded(.up)))
    }

    /// Coefficients 1…12 per frame: `result[c][frame]`.
    package func features(_ track: AudioTrack) -> [[Float]]? {
        // A streamed (long) track at this rate is read from its file a chunk at a time.
        let samples: SampleSource = track.sampleRate == Self.sampleRate
            ? track.source : .memory(Resampler.resample(track.materialized, from: track.sampleRate, to: Self.sampleRate))
        guard samples.count >= Self.sampleRate else { return nil }
        let analyzer = MelBandAnalyzer(
            sampleRate: Self.sampleRate, frameSize: 256, hop: Self.hop, bands: Self.bands, lowHz: 100, highHz: 3800)
        let frames = analyzer.frameCount(samples.count)
        var result = [[Float]](repeating: [Float](repeating: 0, count: frames), count: Self.coefficients)
        let dct: [[Float]] = (1...Self.coefficients).map { k in
            (0..<Self.bands).map { b in Float(cos(Double.pi * Double(k) * (Double(b) + 0.5) / Double(Self.bands))) }
        }
        analyzer.forEachFrame(samples) { frame, energies in
            for (index, row) in dct.enumerated() {
                var value: Float = 0
                for b in 0..<Self.bands { value += row[b] * energies[b] }
                result[index][frame] = value
            }
        }
        return result
    }
}
