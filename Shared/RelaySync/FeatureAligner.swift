/// Aligns two multi-dimensional feature sequences (onset strength, MFCC frames) by cross-correlation:
/// each dimension is z-normalised over its frames, the dimensions' full cross-correlations (one FFT
/// each) are summed, and the peak within ±`maxLagFrames` is refined by a parabola through its
/// neighbours.
///
/// Confidence: with `z` the peak's robust z-score over the searched lags and `r` the best peak more than
/// 3 frames away relative to the chosen one, `confidence = clamp((z − 5) / 15) × clamp(4 × (1 − r))`:
/// unrelated audio peaks at z ≈ 3–5 (→ 0), a clear match at z ≥ 20 with no rival (→ 1).
package enum FeatureAligner {
    /// `features[d][n]`: dimension `d`, frame `n`, frames every `1 / frameRate` s.
    package static func align(
        reference: [[Float]], other: [[Float]], frameRate: Double, maxLagFrames: Int
    ) -> FeatureEstimate? {
        guard let lengthR = reference.first?.count, let lengthO = other.first?.count, lengthR >= 4, lengthO >= 4,
            reference.count == other.count, frameRate > 0
        else { return nil }
        let n = FFTWPlanner.fastSize(atLeast: lengthR + lengthO)
        let fft = RealFFT(size: n)
        var sum = [Double](repeating: 0, count: n)
        for dimension in reference.indices {
            let r = normalised(reference[dimension]), o = normalised(other[dimension])
            guard let r, let o else { continue }
            r.withUnsafeBufferPointer { fft.load($0) }
            fft.forward()
            let spectrumR = Array(UnsafeBufferPointer(start: fft.spectrum, count: 2 * fft.binCount))
            o.withUnsafeBufferPointer { fft.load($0) }
            fft.forward()
            // conj(R) · O: c[k] = Σ r[n] o[n + k], so a sound later in `other` peaks at k > 0.
            for bin in 0..<fft.binCount {
                let ar = spectrumR[2 * bin], ai = spectrumR[2 * bin + 1]
                let br = fft.spectrum[2 * bin], bi = fft.spectrum[2 * bin + 1]
                fft.spectrum[2 * bin] = ar * br + ai * bi
                fft.spectrum[2 * bin + 1] = ar * bi - ai * br
            }
            fft.inverse()
            for k in 0..<n { sum[k] += Double(fft.real[k]) }
        }
        let maxLag = min(maxLagFrames, max(lengthR, lengthO) - 1)
        // Lags −maxLag…maxLag, in order, each scaled by the frames overlapping there so edges are fair,
        // but never by fewer than a quarter of the shorter sequence (tiny overlaps would win by noise).
        let floorOverlap = Double(max(4, min(lengthR, lengthO) / 4))
        var values: [Float] = []
        values.reserveCapacity(2 * maxLag + 1)
        for lag in -maxLag...maxLag {
            let overlap = Double(max(0, min(lengthR, lengthO - lag) - max(0, -lag)))
            let raw = sum[lag >= 0 ? lag : n + lag]
            values.append(Float(raw / max(overlap, floorOverlap)))
        }
        guard let best = values.indices.max(by: { values[$0] < values[$1] }), values[best] > 0 else { return nil }
        let (median, sigma) = values.withUnsafeBufferPointer { RobustStatistics.medianAndSigma($0) }
        let z = sigma > 0 ? (Double(values[best]) - median) / sigma : 0
        var runnerUp: Float = 0
        for index in values.indices where abs(index - best) > 3 && values[index] > runnerUp {
            let isLocalPeak = (index == 0 || values[index - 1] <= values[index]) && (index == values.count - 1 || values[index + 1] <= values[index])
            if isLocalPeak { runnerUp = values[index] }
        }
        var fraction = 0.0
        if best > 0, best < values.count - 1 {
            let a = Double(values[best - 1]), b = Double(values[best]), c = Double(values[best + 1])
            let denominator = a - 2 * b + c
            if denominator < 0 { fraction = max(-0.5, min(0.5, 0.5 * (a - c) / denominator)) }
        }
        let lag = Double(best - maxLag) + fraction
        let ratio = Double(max(0, runnerUp) / values[best])
        let confidence = clamp((z - 5) / 15) * clamp(4 * (1 - ratio))
        return FeatureEstimate(
            offsetMs: lag / frameRate * 1000, confidence: confidence, resolutionMs: 1000 / frameRate, peakZ: z, runnerUpRatio: ratio)
    }

    static func clamp(_ value: Double) -> Double { min(1, max(0, value)) }

    /// Zero mean, unit variance; `nil` for a constant sequence (silence carries no timing).
    static func normalised(_ values: [Float]) -> [Float]? {
        let count = Double(values.count)
        let mean = values.reduce(0.0) { $0 + Double($1) } / count
        let variance = values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / count
        guard variance > 1e-12 else { return nil }
        let scale = 1 / variance.squareRoot()
        return values.map { Float((Double($0) - mean) * scale) }
    }
}
