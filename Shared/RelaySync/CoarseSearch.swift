import Foundation

/// Stage 1: GCC-PHAT over the full overlap at a low rate (default 2 kHz, band 100–850 Hz), every
/// lag of the search range at once through one FFT.
///
/// Significance is a robust z-score: (peak − median) / (1.4826 × MAD) of the correlation over the
/// whole search range. For unrelated audio this is the maximum of ~10⁵–10⁶ near-Gaussian values,
/// typically 5–13 (impulsive scenes occasionally more); a real match over minutes reaches hundreds.
///
/// Clock drift smears a long recording's peak along a ramp (40 ppm over an hour: 144 ms, ~290
/// coarse samples), dividing its height by the ramp length. So the search also scores the
/// correlation *energy* in boxes of growing half-width D (sqrt of the mean of c² over ±D), each
/// against its own robust noise floor, and keeps the scale with the largest z. The box only finds
/// the ramp; the windowed stage then measures the offset and drift exactly.
///
/// It returns up to eight candidate peaks (≥ 100 ms apart, the others at least 0.4 × as high as
/// the top one above the floor): periodic scenes — a steady beat, a looped bar — have several (a
/// wrong repetition with a longer overlap can even top the true, shorter one), and the windowed
/// stage decides between them.
enum CoarseSearch {
    /// Candidate box half-widths (coarse samples), used up to the largest smear `maxDriftPPM` allows.
    static let scales = [0, 3, 8, 20, 50, 125, 300, 750, 1800]
    /// At most this many candidates, each at least `candidateRatio` × the top one's z.
    static let maxCandidates = 8
    static let candidateRatio = 0.4

    static func run(reference a: SampleSource, other b: SampleSource, rate: Double, centerSeconds: Double,
                    rangeSeconds: Double, lowHz: Double, highHz: Double, maxDriftPPM: Double, blockwise: Bool = false) -> CoarseEstimate? {
        let la = a.count, lb = b.count
        guard la > 8, lb > 8 else { return nil }
        let minOverlap = max(8, min(Int(2 * rate), min(la, lb) / 2))
        let center = Int((centerSeconds * rate).rounded())
        let range = Int((rangeSeconds * rate).rounded())
        let lagMin = max(center - range, -(la - minOverlap))
        let lagMax = min(center + range, lb - minOverlap)
        guard lagMax > lagMin + 4 else { return nil }
        let m = lagMax - lagMin + 1
        var c: [Float]
        let valueAtLag: (Int) -> Float
        if blockwise {
            c = BlockwiseCorrelation.run(reference: a, other: b, lagMin: lagMin, lagMax: lagMax, rate: rate, lowHz: lowHz, highHz: highHz)
            let values = c
            valueAtLag = { lag in (lagMin...lagMax).contains(lag) ? values[lag - lagMin] : 0 }
        } else {
            let n = FFTWPlanner.fastSize(atLeast: max(la + max(lagMax, 0), lb - min(lagMin, 0), la, lb) + 64)
            let correlator = PhaseTransformCorrelator(size: n, sampleRate: rate, lowHz: lowHz, highHz: highHz)
            a.withSamples(0..<la) { correlator.setReference($0) }
            _ = b.withSamples(0..<lb) { correlator.correlate($0) }
            c = [Float](repeating: 0, count: m)
            for i in 0..<m { c[i] = correlator.value(atLag: lagMin + i) }
            valueAtLag = { correlator.value(atLag: $0) }
        }
        let (median, sigma) = c.withUnsafeBufferPointer { RobustStatistics.medianAndSigma($0) }
        guard sigma > 0 else { return nil }

        // Scale 0: |c − median|. Larger scales: RMS of (c − median) in a box of half-width D.
        var best = (z: -Double.infinity, scale: 0, statistic: [Float](), floor: 0.0, spread: 1.0)
        var plainZ = 0.0
        let maxHalf = max(3, Int((maxDriftPPM * 1e-6 * Double(min(la, lb)) / 2).rounded(.up)))
        var prefix = [Double](repeating: 0, count: m + 1)
        for i in 0..<m { prefix[i + 1] = prefix[i] + Double(c[i] - Float(median)) * Double(c[i] - Float(median)) }
        for d in scales where d <= maxHalf && (d == 0 || 4 * d < m) {
            var statistic = [Float](repeating: 0, count: m)
            var floor = 0.0, spread = sigma
            if d == 0 {
                for i in 0..<m { statistic[i] = abs(c[i] - Float(median)) }
            } else {
                for i in 0..<m {
                    let lo = max(0, i - d), hi = min(m, i + d + 1)
                    statistic[i] = Float(((prefix[hi] - prefix[lo]) / Double(hi - lo)).squareRoot())
                }
                (floor, spread) = statistic.withUnsafeBufferPointer { RobustStatistics.medianAndSigma($0) }
                guard spread > 0 else { continue }
            }
            let top = Double(statistic.max() ?? 0)
            let z = (top - floor) / spread
            if d == 0 { plainZ = z }
            if z > best.z { best = (z, d, statistic, floor, spread) }
        }

        // Up to three distinct candidates.
        var candidates: [CoarseEstimate.Candidate] = []
        var statistic = best.statistic
        let exclusion = max(Int(0.1 * rate), 3 * best.scale)
        for _ in 0..<maxCandidates {
            var peak = 0
            var top: Float = -.infinity
            for i in 0..<m where statistic[i] > top { top = statistic[i]; peak = i }
            let z = (Double(top) - best.floor) / best.spread
            if let first = candidates.first, z < candidateRatio * first.z || z < 4.5 { break }
            var lag = Double(lagMin + peak)
            if best.scale == 0 {
                let polarity: Double = c[peak] - Float(median) >= 0 ? 1 : -1
                lag = PeakInterpolator.refine(peak: lagMin + peak, polarity: polarity) { Double(valueAtLag($0)) }.position
            }
            candidates.append(.init(lagSamples: lag, z: z))
            for i in max(0, peak - exclusion)..<min(m, peak + exclusion + 1) { statistic[i] = -.infinity }
        }

        // Overview for the debug plot.
        let points = min(m, 600)
        var overview = [Float](repeating: 0, count: points)
        for p in 0..<points {
            let lo = p * m / points, hi = max(lo + 1, (p + 1) * m / points)
            var v: Float = 0
            for i in lo..<hi where abs(c[i]) > abs(v) { v = c[i] }
            overview[p] = v
        }
        return CoarseEstimate(
            candidates: candidates, rate: rate, z: best.z, plainZ: plainZ, scale: best.scale, overview: overview,
            overviewStartMs: Double(lagMin) / rate * 1000, overviewStepMs: Double(m) / Double(points) / rate * 1000)
    }
}
