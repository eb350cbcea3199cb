/// The `onset` method: onset-strength envelopes of both tracks cross-correlated.
///
/// Onset strength = spectral flux of 24 mel bands (100–3,800 Hz), half-wave rectified and summed, at
/// 200 frames/s (32 ms Hann frames at 8 kHz, 5 ms hop), with its 0.5 s moving average removed so
/// only the attacks remain. Resolution 5 ms; a parabola through the peak refines it below a frame.
package struct OnsetEstimator: Sendable {
    package static let sampleRate = 8000
    package static let hop = 40

    package init() {}

    /// Offset of `other` against `reference` (`t_other − t_reference`), searched within ±`maxOffsetSeconds`.
    /// `nil` when either track is shorter than a second or silent.
    package func estimate(reference: AudioTrack, other: AudioTrack, maxOffsetSeconds: Double) -> FeatureEstimate? {
        guard let r = envelope(reference), let o = envelope(other) else { return nil }
        let frameRate = Double(Self.sampleRate) / Double(Self.hop)
        return FeatureAligner.align(
            reference: [r], other: [o], frameRate: frameRate, maxLagFrames: Int((maxOffsetSeconds * frameRate).rounded(.up)))
    }

    /// The onset-strength envelope of `track` at 200 frames/s.
    package func envelope(_ track: AudioTrack) -> [Float]? {
        // A streamed (long) track at this rate is read from its file a chunk at a time.
        let samples: SampleSource = track.sampleRate == Self.sampleRate
            ? track.source : .memory(Resampler.resample(track.materialized, from: track.sampleRate, to: Self.sampleRate))
        guard samples.count >= Self.sampleRate else { return nil }
        let analyzer = MelBandAnalyzer(sampleRate: Self.sampleRate, frameSize: 256, hop: Self.hop, bands: 24, lowHz: 100, highHz: 3800)
        var flux = [Float](repeating: 0, count: analyzer.frameCount(samples.count))
        var previous = [Float](repeating: 0, count: analyzer.bandCount)
        analyzer.forEachFrame(samples) { frame, energies in
            var sum: Float = 0
            if frame > 0 { for band in energies.indices { sum += max(0, energies[band] - previous[band]) } }
            flux[frame] = sum
            previous = energies
        }
        // Remove the running mean over ±50 frames (0.5 s): what is left is the attacks.
        let radius = 50
        var prefix = [Double](repeating: 0, count: flux.count + 1)
        for i in flux.indices { prefix[i + 1] = prefix[i] + Double(flux[i]) }
        return flux.indices.map { i in
            let lo = max(0, i - radius), hi = min(flux.count, i + radius + 1)
            return max(0, flux[i] - Float((prefix[hi] - prefix[lo]) / Double(hi - lo)))
        }
    }
}
