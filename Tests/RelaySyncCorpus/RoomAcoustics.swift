import Foundation
import RelaySync

/// What happens between the scene and a camera's file: room reverberation, a band-limited
/// microphone, background noise.
package enum RoomAcoustics {
    /// Room impulse response: a unit direct path at index 0, then (from 3 ms) exponentially
    /// decaying Gaussian noise reaching −60 dB at `rt60` s, with tail energy `tailToDirect` × the
    /// direct path's (2 = a direct-to-reverberant ratio of −3 dB: a distant camera in a live room).
    package static func impulseResponse(rt60: Double, rate: Int, tailToDirect: Double = 2, seed: UInt64) -> [Float] {
        var rng = SeededRandom(seed: seed)
        let length = Int(rt60 * Double(rate))
        var h = [Float](repeating: 0, count: max(1, length))
        let gap = Int(0.003 * Double(rate))
        var energy = 0.0
        for i in gap..<length {
            let t = Double(i) / Double(rate)
            let v = rng.gaussian() * exp(-6.9078 * t / rt60)
            h[i] = Float(v)
            energy += v * v
        }
        let g = Float((tailToDirect / max(energy, 1e-12)).squareRoot())
        for i in gap..<length { h[i] *= g }
        h[0] = 1
        return h
    }

    /// `signal` convolved with a room impulse response.
    package static func reverberate(_ signal: [Float], rt60: Double, rate: Int, seed: UInt64) -> [Float] {
        FFTConvolution.convolve(signal, with: impulseResponse(rt60: rt60, rate: rate, seed: seed))
    }

    /// Telephone-band microphone: 300–3400 Hz, zero-phase (so the truth offset stays exact).
    package static func phoneBand(_ signal: [Float], rate: Int) -> [Float] {
        var x = signal
        for _ in 0..<2 { Biquad.highPass(300, rate: Double(rate)).applyZeroPhase(&x) }
        if Double(rate) > 2 * 3400 { for _ in 0..<2 { Biquad.lowPass(3400, rate: Double(rate)).applyZeroPhase(&x) } }
        return x
    }

    /// `signal` plus independent pink noise at `snrDB` relative to the signal's mean power.
    package static func addNoise(_ signal: [Float], snrDB: Double, seed: UInt64) -> [Float] {
        var rng = SeededRandom(seed: seed)
        let noise = SceneSynthesizer.pinkNoise(count: signal.count, rng: &rng)
        let ps = signal.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(1, signal.count))
        let pn = noise.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(1, noise.count))
        let g = Float((ps / max(pn, 1e-20) / pow(10, snrDB / 10)).squareRoot())
        return zip(signal, noise).map { $0 + g * $1 }
    }
}
