import Foundation

/// Generates the corpus' source scenes (the sound in the room, before any microphone).
package enum SceneSynthesizer {
    /// `seconds` of `kind` at `rate` Hz, peak around ±0.5, deterministic for `seed`.
    package static func render(_ kind: SceneKind, seconds: Double, rate: Int, seed: UInt64) -> [Float] {
        let count = Int(seconds * Double(rate))
        var rng = SeededRandom(seed: seed)
        var out: [Float]
        switch kind {
        case .speech: out = speech(count: count, rate: Double(rate), rng: &rng)
        case .music: out = music(count: count, rate: Double(rate), rng: &rng)
        case .claps: out = claps(count: count, rate: Double(rate), rng: &rng)
        case .tones: out = tones(count: count, rate: Double(rate), rng: &rng)
        case .pinkNoise: out = pinkNoise(count: count, rng: &rng)
        case .whiteNoise: out = (0..<count).map { _ in Float(rng.gaussian() * 0.15) }
        }
        return normalised(out, peak: 0.5)
    }

    /// Pink (1/f) noise, unit-ish RMS (Paul Kellet's filter).
    package static func pinkNoise(count: Int, rng: inout SeededRandom) -> [Float] {
        var b = [Double](repeating: 0, count: 7)
        var out = [Float](repeating: 0, count: count)
        for i in 0..<count {
            let w = rng.gaussian()
            b[0] = 0.99886 * b[0] + w * 0.0555179
            b[1] = 0.99332 * b[1] + w * 0.0750759
            b[2] = 0.96900 * b[2] + w * 0.1538520
            b[3] = 0.86650 * b[3] + w * 0.3104856
            b[4] = 0.55000 * b[4] + w * 0.5329522
            b[5] = -0.7616 * b[5] - w * 0.0168980
            out[i] = Float((b[0] + b[1] + b[2] + b[3] + b[4] + b[5] + b[6] + w * 0.5362) * 0.11)
            b[6] = w * 0.115926
        }
        return out
    }

    static func speech(count: Int, rate: Double, rng: inout SeededRandom) -> [Float] {
        var out = [Float](repeating: 0, count: count)
        let baseF0 = rng.range(100, 210)
        var i = 0
        var formants = [500.0, 1500, 2500]
        var phase = 0.0
        var resonators = [Resonator(), Resonator(), Resonator()]
        while i < count {
            if rng.unit() < 0.12 { i += Int(rng.range(0.2, 0.8) * rate); continue }  // pause
            let length = Int(rng.range(0.12, 0.30) * rate)
            let voiced = rng.unit() < 0.8
            let target = [rng.range(300, 800), rng.range(900, 2300), rng.range(2400, 3100)]
            let start = formants
            let f0Start = baseF0 * rng.range(0.85, 1.15), f0End = baseF0 * rng.range(0.85, 1.15)
            let loudness = rng.range(0.4, 1.0)
            for k in 0..<length where i + k < count {
                let u = Double(k) / Double(length)
                if k % 32 == 0 {
                    for f in 0..<3 {
                        let hz = start[f] + (target[f] - start[f]) * min(1, u * 3)
                        resonators[f].tune(hz, bandwidth: [90, 110, 160][f], rate: rate)
                    }
                }
                var excitation: Double
                if voiced {
                    phase += (f0Start + (f0End - f0Start) * u) / rate
                    excitation = phase >= 1 ? 1 : 0
                    if phase >= 1 { phase -= 1 }
                    excitation += 0.02 * rng.gaussian()
                } else {
                    excitation = 0.3 * rng.gaussian()
                }
                let envelope = sin(Double.pi * u) * loudness
                var y = 0.0
                for f in 0..<3 { y += resonators[f].process(excitation) * [1.0, 0.6, 0.3][f] }
                out[i + k] = Float(y * envelope)
            }
            formants = target
            i += length
        }
        return out
    }

    static func music(count: Int, rate: Double, rng: inout SeededRandom) -> [Float] {
        var out = [Double](repeating: 0, count: count)
        let beat = 60 / rng.range(96, 136)  // a steady tempo, different per song
        let key = pow(2, rng.range(-4, 4).rounded() / 12)
        let palette: [[Double]] = [[261.6, 329.6, 392.0], [220.0, 261.6, 329.6], [174.6, 220.0, 261.6], [196.0, 246.9, 293.7],
                                   [293.7, 349.2, 440.0], [329.6, 392.0, 493.9]]
        let chords = (0..<4).map { _ in palette[Int(rng.unit() * Double(palette.count))].map { $0 * key } }
        let scale = [261.6, 293.7, 329.6, 392.0, 440.0, 523.3, 587.3].map { $0 * key }
        let beats = Int(Double(count) / rate / beat) + 1
        for n in 0..<beats {
            let t0 = Int(Double(n) * beat * rate)
            let chord = chords[(n / 4) % 4]
            // Kick.
            for k in 0..<Int(0.15 * rate) where t0 + k < count {
                let t = Double(k) / rate
                let f = 50 + 70 * exp(-t / 0.03)
                out[t0 + k] += 0.9 * sin(2 * Double.pi * f * t) * exp(-t / 0.05)
            }
            // Bass and chord for the whole beat (same every bar of a chord: periodic).
            for k in 0..<Int(beat * rate) where t0 + k < count {
                let t = Double(k) / rate
                let decay = exp(-t / 0.4)
                var v = 0.35 * sin(2 * Double.pi * chord[0] / 4 * t) * decay
                for note in chord { v += 0.08 * (sin(2 * Double.pi * note * t) + 0.5 * sin(4 * Double.pi * note * t)) * decay }
                out[t0 + k] += v
            }
            // Melody note on random beats (aperiodic).
            if rng.unit() < 0.7 {
                let note = scale[Int(rng.unit() * Double(scale.count))] * (rng.unit() < 0.5 ? 1 : 2)
                let start = t0 + Int(rng.range(0, 0.25) * rate)
                for k in 0..<Int(0.25 * rate) where start + k < count {
                    let t = Double(k) / rate
                    out[start + k] += 0.15 * sin(2 * Double.pi * note * t) * exp(-t / 0.15)
                }
            }
            // Hi-hats on eighths, random loudness.
            for half in 0..<2 {
                let start = t0 + Int(Double(half) * beat / 2 * rate)
                let loud = rng.range(0.02, 0.12)
                for k in 0..<Int(0.03 * rate) where start + k < count {
                    out[start + k] += loud * rng.gaussian() * exp(-Double(k) / rate / 0.008)
                }
            }
        }
        return out.map { Float($0) }
    }

    static func claps(count: Int, rate: Double, rng: inout SeededRandom) -> [Float] {
        var out = (0..<count).map { _ in Float(rng.gaussian() * 0.002) }
        var t = rng.range(0.2, 1.0)
        while Int(t * rate) < count {
            let start = Int(t * rate)
            let loud = rng.range(0.3, 1.0)
            let decay = rng.range(0.005, 0.015)
            for k in 0..<Int(0.08 * rate) where start + k < count {
                out[start + k] += Float(loud * rng.gaussian() * exp(-Double(k) / rate / decay))
            }
            t += rng.range(0.5, 3.0)
        }
        return out
    }

    static func tones(count: Int, rate: Double, rng: inout SeededRandom) -> [Float] {
        var out = [Float](repeating: 0, count: count)
        var t = rng.range(0.1, 0.5)
        while Int(t * rate) < count {
            let start = Int(t * rate)
            let length = Int(rng.range(0.1, 0.6) * rate)
            let f = rng.range(200, 2000)
            let loud = rng.range(0.3, 1.0)
            for k in 0..<length where start + k < count {
                let u = Double(k) / Double(length)
                let env = min(1, u * 20) * min(1, (1 - u) * 20)
                let ph = 2 * Double.pi * f * Double(k) / rate
                out[start + k] += Float(loud * env * (sin(ph) + 0.3 * sin(2 * ph) + 0.15 * sin(3 * ph)))
            }
            t += Double(length) / rate + rng.range(0.05, 0.8)
        }
        return out
    }

    static func normalised(_ x: [Float], peak: Float) -> [Float] {
        let m = x.reduce(0) { max($0, abs($1)) }
        guard m > 0 else { return x }
        let g = peak / m
        return x.map { $0 * g }
    }
}
