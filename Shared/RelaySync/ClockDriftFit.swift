/// Robust straight-line fit of windowed offsets against master time: offset(t) = intercept +
/// slope × t, the clock model of one camera relative to the master.
///
/// Consensus first (every line through two windows — and every drift-free line through one — is
/// scored by how many windows lie within the tolerance of it; slopes beyond the allowed drift are
/// skipped), then weighted least squares on the consensus set, twice. Windows that latched onto a
/// wrong peak (silence, a noise burst, a beat one bar away) fall out as outliers.
struct ClockDriftFit {
    /// Offset (ms) at master time 0.
    var interceptMs: Double
    /// Drift in ms per second of master time (= ppm / 1000).
    var slope: Double
    /// Standard error of the slope (ms/s), 0 when not estimable.
    var slopeStandardError: Double
    /// Per input point: within the tolerance of the final line.
    var inliers: [Bool]
    /// RMS residual of the inliers (ms).
    var residualRMSMs: Double

    var inlierCount: Int { inliers.filter { $0 }.count }

    /// Offset (ms) at master time `t` (s).
    func offsetMs(at t: Double) -> Double { interceptMs + slope * t }

    static func fit(times: [Double], offsetsMs: [Double], weights: [Double], toleranceMs: Double,
                    maxSlope: Double) -> ClockDriftFit? {
        let n = times.count
        guard n > 0 else { return nil }
        var bestCount = -1
        var bestWeight = -1.0
        var bestLine = (a: offsetsMs[0], b: 0.0, t0: times[0])
        func score(_ a: Double, _ b: Double, _ t0: Double) {
            var count = 0
            var weight = 0.0
            for k in 0..<n where abs(offsetsMs[k] - (a + b * (times[k] - t0))) <= toleranceMs {
                count += 1
                weight += weights[k]
            }
            if count > bestCount || (count == bestCount && weight > bestWeight) {
                bestCount = count
                bestWeight = weight
                bestLine = (a, b, t0)
            }
        }
        for i in 0..<n {
            score(offsetsMs[i], 0, times[i])
            for j in (i + 1)..<max(i + 1, n) {
                let dt = times[j] - times[i]
                guard abs(dt) > 1e-3 else { continue }
                let b = (offsetsMs[j] - offsetsMs[i]) / dt
                if abs(b) <= maxSlope { score(offsetsMs[i], b, times[i]) }
            }
        }
        var inliers = (0..<n).map { abs(offsetsMs[$0] - (bestLine.a + bestLine.b * (times[$0] - bestLine.t0))) <= toleranceMs }
        var line = (intercept: bestLine.a - bestLine.b * bestLine.t0, slope: bestLine.b, slopeSE: 0.0)
        for _ in 0..<2 {
            line = leastSquares(times: times, offsets: offsetsMs, weights: weights, mask: inliers, fallback: line)
            inliers = (0..<n).map { abs(offsetsMs[$0] - (line.intercept + line.slope * times[$0])) <= toleranceMs }
            if !inliers.contains(true) { break }
        }
        var sum = 0.0
        var count = 0
        for k in 0..<n where inliers[k] {
            let r = offsetsMs[k] - (line.intercept + line.slope * times[k])
            sum += r * r
            count += 1
        }
        return ClockDriftFit(interceptMs: line.intercept, slope: line.slope, slopeStandardError: line.slopeSE,
                             inliers: inliers, residualRMSMs: count > 0 ? (sum / Double(count)).squareRoot() : 0)
    }

    /// Weighted least squares on the masked points; a constant (weighted mean) when the masked
    /// points span < 1 s or are fewer than 3.
    private static func leastSquares(times: [Double], offsets: [Double], weights: [Double], mask: [Bool],
                                     fallback: (intercept: Double, slope: Double, slopeSE: Double))
        -> (intercept: Double, slope: Double, slopeSE: Double) {
        var sw = 0.0, st = 0.0, so = 0.0
        var tMin = Double.infinity, tMax = -Double.infinity
        var count = 0
        for k in times.indices where mask[k] {
            sw += weights[k]; st += weights[k] * times[k]; so += weights[k] * offsets[k]
            tMin = min(tMin, times[k]); tMax = max(tMax, times[k])
            count += 1
        }
        guard count > 0, sw > 0 else { return fallback }
        let tMean = st / sw, oMean = so / sw
        guard count >= 3, tMax - tMin >= 1 else { return (oMean, 0, 0) }
        var stt = 0.0, sto = 0.0
        for k in times.indices where mask[k] {
            let dt = times[k] - tMean
            stt += weights[k] * dt * dt
            sto += weights[k] * dt * (offsets[k] - oMean)
        }
        let slope = stt > 0 ? sto / stt : 0
        var rss = 0.0
        for k in times.indices where mask[k] {
            let r = offsets[k] - (oMean + slope * (times[k] - tMean))
            rss += weights[k] * r * r
        }
        let variance = rss / sw * Double(count) / Double(max(1, count - 2))
        let slopeSE = stt > 0 ? (variance / (stt / sw * Double(count))).squareRoot() : 0
        return (oMean - slope * tMean, slope, slopeSE)
    }
}
