import Foundation

/// RBJ-cookbook biquad filters, run forwards or forwards-and-backwards (zero phase).
package struct Biquad: Sendable {
    var b0, b1, b2, a1, a2: Double

    /// Second-order high-pass at `hz` (Q 0.707).
    package static func highPass(_ hz: Double, rate: Double, q: Double = 0.7071) -> Biquad {
        let w = 2 * Double.pi * hz / rate, alpha = sin(w) / (2 * q), c = cos(w), a0 = 1 + alpha
        return Biquad(b0: (1 + c) / 2 / a0, b1: -(1 + c) / a0, b2: (1 + c) / 2 / a0, a1: -2 * c / a0, a2: (1 - alpha) / a0)
    }

    /// Second-order low-pass at `hz` (Q 0.707).
    package static func lowPass(_ hz: Double, rate: Double, q: Double = 0.7071) -> Biquad {
        let w = 2 * Double.pi * hz / rate, alpha = sin(w) / (2 * q), c = cos(w), a0 = 1 + alpha
        return Biquad(b0: (1 - c) / 2 / a0, b1: (1 - c) / a0, b2: (1 - c) / 2 / a0, a1: -2 * c / a0, a2: (1 - alpha) / a0)
    }

    /// Band-pass (constant 0 dB peak) at `hz` with quality `q`.
    package static func bandPass(_ hz: Double, rate: Double, q: Double) -> Biquad {
        let w = 2 * Double.pi * hz / rate, alpha = sin(w) / (2 * q), c = cos(w), a0 = 1 + alpha
        return Biquad(b0: alpha / a0, b1: 0, b2: -alpha / a0, a1: -2 * c / a0, a2: (1 - alpha) / a0)
    }

    /// Filters `x` in place, forwards.
    package func apply(_ x: inout [Float]) {
        var x1 = 0.0, x2 = 0.0, y1 = 0.0, y2 = 0.0
        x.withUnsafeMutableBufferPointer { p in
            for i in 0..<p.count {
                let v = Double(p[i])
                let y = b0 * v + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2
                x2 = x1; x1 = v; y2 = y1; y1 = y
                p[i] = Float(y)
            }
        }
    }

    /// Zero-phase filtering: forwards, then backwards (squared magnitude response, no delay).
    package func applyZeroPhase(_ x: inout [Float]) {
        apply(&x)
        x.reverse()
        apply(&x)
        x.reverse()
    }
}
