import Foundation

/// Stage 2: windows of a few seconds spread over the overlap, each correlated at the analysis rate
/// (band 100–3400 Hz by default) against the reference within ±`searchSeconds` of the coarse lag,
/// each peak located to a small fraction of a sample by ``PeakInterpolator``.
///
/// Windows stay `searchSeconds` away from the overlap's edges when the overlap allows, so every
/// candidate lag sees the whole window; windows where either side is (near-)silent are skipped.
/// Short overlaps get shorter, half-overlapping windows (a 20 s cut-away gives four ~6.7 s windows).
enum WindowRefinement {
    struct Output {
        var windows: [SyncWindowMeasurement]
        /// Each window's correlation over its search range (same order as `windows`).
        var correlations: [WindowCorrelation]
        /// Correlation ±50 ms around the best window's peak, and that peak's position in it.
        var fineTrace: [Float]
        var fineTraceStartMs: Double
        var fineTraceStepMs: Double
    }

    static func run(reference a: SampleSource, other b: SampleSource, rate: Double, offsetSeconds: Double,
                    searchSeconds: Double, configuration: SyncConfiguration) -> Output {
        var output = Output(windows: [], correlations: [], fineTrace: [], fineTraceStartMs: 0, fineTraceStepMs: 1000 / rate)
        let la = a.count, lb = b.count
        let start = max(0, -offsetSeconds)
        let end = min(Double(la) / rate, -offsetSeconds + Double(lb) / rate)
        let overlap = end - start
        guard overlap >= 0.5 else { return output }
        let length = min(configuration.windowSeconds, max(overlap / 3, min(overlap, 2)))
        var lo = start, hi = end
        if overlap - 2 * searchSeconds >= length { lo += searchSeconds; hi -= searchSeconds }
        let span = hi - lo
        let count = min(configuration.maxWindows, max(1, Int((span - length) / (length / 2)) + 1))
        let centers = count == 1 ? [(lo + hi) / 2]
            : (0..<count).map { lo + length / 2 + Double($0) * (span - length) / Double(count - 1) }

        let rmsA = a.rms, rmsB = b.rms
        let search = Int((searchSeconds * rate).rounded(.up))
        let predicted = Int((offsetSeconds * rate).rounded())
        var correlators: [Int: PhaseTransformCorrelator] = [:]
        var bestZ = -1.0
        let traceHalf = Int(0.050 * rate)

        for center in centers {
            let i0 = max(0, Int(((center - length / 2 - searchSeconds) * rate).rounded()))
            let i1 = min(la, Int(((center + length / 2 + searchSeconds) * rate).rounded()))
            let j0 = max(0, Int(((center - length / 2 + offsetSeconds) * rate).rounded()))
            let j1 = min(lb, Int(((center + length / 2 + offsetSeconds) * rate).rounded()))
            guard i1 - i0 > 64, j1 - j0 > 64 else { continue }
            let segmentRMS = a.withSamples(i0..<i1) { SampleSource.rms($0) }
            let chunkRMS = b.withSamples(j0..<j1) { SampleSource.rms($0) }
            guard segmentRMS > max(1e-7, 1e-3 * rmsA), chunkRMS > max(1e-7, 1e-3 * rmsB) else { continue }

            // Global lag τ (b[n + τ] ↔ a[n]) = (j0 − i0) + local lag λ.
            let shift = j0 - i0
            let lambdaMin = predicted - search - shift, lambdaMax = predicted + search - shift
            let needed = max(i1 - i0 + max(lambdaMax, 0), j1 - j0 - min(lambdaMin, 0), i1 - i0, j1 - j0) + 64
            let size = FFTWPlanner.fastSize(atLeast: max(needed, 2 * traceHalf + 128))
            let correlator = correlators[size] ?? PhaseTransformCorrelator(
                size: size, sampleRate: rate, lowHz: configuration.bandLowHz,
                highHz: min(configuration.bandHighHz, 0.425 * rate))
            correlators[size] = correlator
            a.withSamples(i0..<i1) { correlator.setReference($0) }
            _ = b.withSamples(j0..<j1) { correlator.correlate($0) }

            var values = [Float](repeating: 0, count: lambdaMax - lambdaMin + 1)
            for k in values.indices { values[k] = correlator.value(atLag: lambdaMin + k) }
            let (median, sigma) = values.withUnsafeBufferPointer { RobustStatistics.medianAndSigma($0) }
            var peak = 0
            var top: Float = -1
            for k in values.indices where abs(values[k] - Float(median)) > top {
                top = abs(values[k] - Float(median)); peak = k
            }
            let polarity: Double = values[peak] - Float(median) >= 0 ? 1 : -1
            let refined = PeakInterpolator.refine(peak: lambdaMin + peak, polarity: polarity) {
                Double(correlator.value(atLag: $0))
            }
            let lag = Double(shift) + refined.position
            let z = sigma > 0 ? Double(top) / sigma : 0
            let margin = 32
            output.correlations.append(WindowCorrelation(
                firstLag: shift + lambdaMin - margin,
                values: (lambdaMin - margin...lambdaMax + margin).map { correlator.value(atLag: $0) },
                median: median, sigma: sigma, peakSign: polarity))
            output.windows.append(SyncWindowMeasurement(
                masterTimeSeconds: center, offsetMs: lag / rate * 1000, peakLagSamples: lag, peakZ: z,
                peakHeight: abs(refined.value), lineZ: 0, inlier: false))
            if z > bestZ {
                bestZ = z
                let peakLag = lambdaMin + peak
                output.fineTrace = (-traceHalf...traceHalf).map { correlator.value(atLag: peakLag + $0) }
                output.fineTraceStartMs = Double(shift + peakLag - traceHalf) / rate * 1000
            }
        }
        return output
    }
}
