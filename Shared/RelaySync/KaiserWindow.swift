import Foundation

/// The Kaiser window and the Kaiser design formulas for windowed-sinc FIR filters.
enum KaiserWindow {
    /// Window shape parameter β for a stopband attenuation of `attenuationDB` (Kaiser's formula).
    static func beta(attenuationDB a: Double) -> Double {
        if a > 50 { return 0.1102 * (a - 8.7) }
        if a >= 21 { return 0.5842 * pow(a - 21, 0.4) + 0.07886 * (a - 21) }
        return 0
    }

    /// Filter length (taps) for attenuation `a` dB and a transition width of `transition` cycles per
    /// sample.
    static func length(attenuationDB a: Double, transition: Double) -> Int {
        Int(((a - 8) / (2.285 * 2 * Double.pi * transition)).rounded(.up)) + 1
    }

    /// The window at `x / halfWidth` ∈ [-1, 1] (0 outside).
    static func value(_ x: Double, halfWidth: Double, beta: Double) -> Double {
        let r = x / halfWidth
        guard abs(r) <= 1 else { return 0 }
        return besselI0(beta * (1 - r * r).squareRoot()) / besselI0(beta)
    }

    /// Modified Bessel function of the first kind, order 0 (power series; ample for β ≤ 20).
    static func besselI0(_ x: Double) -> Double {
        var sum = 1.0, term = 1.0
        let half = x / 2
        for k in 1..<64 {
            term *= (half / Double(k)) * (half / Double(k))
            sum += term
            if term < sum * 1e-17 { break }
        }
        return sum
    }

    /// Normalised sinc, sin(πx)/(πx).
    static func sinc(_ x: Double) -> Double {
        abs(x) < 1e-12 ? 1 : sin(Double.pi * x) / (Double.pi * x)
    }
}
