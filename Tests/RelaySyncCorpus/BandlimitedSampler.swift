import Foundation

/// Reads a signal at arbitrary fractional positions with a Kaiser-windowed sinc (±16 zero
/// crossings, anti-aliased when reading faster than 1 sample per step). The corpus uses it to make
/// fractional offsets, clock drift and other sample rates — independently of the engine's own
/// resampler, so the tests check that rather than share its mistakes.
package struct BandlimitedSampler: Sendable {
    private let table: [Float]
    private let resolution = 512
    private let zeroCrossings = 16

    package init() {
        var table = [Float](repeating: 0, count: zeroCrossings * resolution + 2)
        let beta = 8.0
        func i0(_ x: Double) -> Double {
            var sum = 1.0, term = 1.0
            for k in 1..<60 { term *= (x / 2 / Double(k)) * (x / 2 / Double(k)); sum += term }
            return sum
        }
        for i in 0..<table.count {
            let x = Double(i) / Double(resolution)
            let r = x / Double(zeroCrossings)
            let window = r < 1 ? i0(beta * (1 - r * r).squareRoot()) / i0(beta) : 0
            let sinc = x == 0 ? 1 : sin(Double.pi * x) / (Double.pi * x)
            table[i] = Float(sinc * window)
        }
        self.table = table
    }

    /// `count` samples of `signal` at positions `start + j · step` (signal indices; outside = 0).
    /// Content above 0.95 × the output's Nyquist is filtered out when `step` > 1.
    package func sample(_ signal: [Float], start: Double, step: Double, count: Int) -> [Float] {
        if step == 1, start == start.rounded() {  // an exact integer shift: plain copy
            let first = Int(start)
            return (0..<count).map { j in first + j >= 0 && first + j < signal.count ? signal[first + j] : 0 }
        }
        let scale = step > 1 ? 0.95 / step : 0.95
        let halfWidth = Double(zeroCrossings) / scale
        var out = [Float](repeating: 0, count: count)
        signal.withUnsafeBufferPointer { s in
            table.withUnsafeBufferPointer { t in
                for j in 0..<count {
                    let x = start + Double(j) * step
                    let lo = max(0, Int((x - halfWidth).rounded(.up)))
                    let hi = min(s.count - 1, Int((x + halfWidth).rounded(.down)))
                    guard lo <= hi else { continue }
                    var acc: Float = 0
                    var norm: Float = 0
                    for i in lo...hi {
                        let u = abs(x - Double(i)) * scale * Double(resolution)
                        let k = Int(u)
                        guard k + 1 < t.count else { continue }
                        let f = Float(u - Double(k))
                        let w = t[k] + (t[k + 1] - t[k]) * f
                        acc += s[i] * w
                        norm += w
                    }
                    out[j] = acc * Float(scale)
                    _ = norm
                }
            }
        }
        return out
    }
}
