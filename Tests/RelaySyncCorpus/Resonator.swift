import Foundation

/// Two-pole resonator (formant filter), unity gain at its centre.
struct Resonator {
    private var a1 = 0.0, a2 = 0.0, gain = 0.0, y1 = 0.0, y2 = 0.0

    mutating func tune(_ hz: Double, bandwidth: Double, rate: Double) {
        let r = exp(-Double.pi * bandwidth / rate)
        a1 = 2 * r * cos(2 * Double.pi * hz / rate)
        a2 = -r * r
        gain = 1 - r
    }

    mutating func process(_ x: Double) -> Double {
        let y = gain * x + a1 * y1 + a2 * y2
        y2 = y1
        y1 = y
        return y
    }
}
