/// GCC-PHAT over a long overlap in blocks, for the coarse stage of long recordings: the reference is cut
/// into blocks of `L` samples, each correlated (band-limited, phase transform) with the stretch of the
/// other track its lags can reach, and the blocks' correlations are averaged. Memory is a few transforms
/// of ~2 × (L + lags) points whatever the tracks' length — one transform over three hours at 2 kHz would
/// hold ~350 MB — and the peak builds up over the blocks as it does over one transform (height ∝ the
/// number of blocks, noise ∝ its square root).
enum BlockwiseCorrelation {
    /// Averaged correlation for lags `lagMin…lagMax` (`b[n + lag]` lines up with `a[n]`), index
    /// `lag − lagMin`. Blocks where either side is silent are left out; all zeros when every block is.
    static func run(reference a: SampleSource, other b: SampleSource, lagMin: Int, lagMax: Int, rate: Double, lowHz: Double, highHz: Double) -> [Float] {
        let span = lagMax - lagMin
        var sum = [Float](repeating: 0, count: span + 1)
        let blockLength = max(span + 1, 1 << 16)
        let size = FFTWPlanner.fastSize(atLeast: blockLength + span + 64)
        let correlator = PhaseTransformCorrelator(size: size, sampleRate: rate, lowHz: lowHz, highHz: highHz)
        var stretch = [Float](repeating: 0, count: blockLength + span)
        var blocks = 0
        var start = 0
        while start < a.count {
            let length = min(blockLength, a.count - start)
            defer { start += blockLength }
            // The other track's samples lags lagMin…lagMax can reach from this block, zero outside it.
            let from = start + lagMin, count = length + span
            let lower = max(0, from), upper = min(b.count, from + count)
            guard upper - lower > 0 else { continue }
            stretch.withUnsafeMutableBufferPointer { s in
                s.update(repeating: 0)
                b.withSamples(lower..<upper) { source in
                    (s.baseAddress! + (lower - from)).update(from: source.baseAddress!, count: source.count)
                }
            }
            let quiet = 1e-7
            let stretchRMS = stretch.withUnsafeBufferPointer { SampleSource.rms(UnsafeBufferPointer(rebasing: $0[0..<count])) }
            guard stretchRMS > quiet else { continue }
            let sounding = a.withSamples(start..<(start + length)) { block -> Bool in
                guard SampleSource.rms(block) > quiet else { return false }
                correlator.setReference(block)
                return true
            }
            guard sounding else { continue }
            let correlation = stretch.withUnsafeBufferPointer { correlator.correlate(UnsafeBufferPointer(rebasing: $0[0..<count])) }
            // Index i of the correlation is lag (from − start) + i = lagMin + i.
            for i in 0...span { sum[i] += correlation[i] }
            blocks += 1
        }
        guard blocks > 0 else { return sum }
        let scale = 1 / Float(blocks)
        for i in sum.indices { sum[i] *= scale }
        return sum
    }
}
