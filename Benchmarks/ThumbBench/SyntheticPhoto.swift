import Foundation
import RelayMedia

/// Photo-like synthetic images for the benchmark, generated in memory: a shaded background with
/// a couple of thousand anti-aliased strokes and blocks (exact area coverage, so the same scene can
/// be drawn at any resolution), optical blur (three box passes ≈ Gaussian) and sensor noise added
/// after the blur, as in a camera. Noise matters: it makes the JPEG's entropy-coded data — and so
/// Huffman decoding, the dominant decode cost — as heavy as a real camera file's.
enum SyntheticPhoto {
    /// The scene at `width` × `height`.
    static func render(width: Int, height: Int, seed: UInt64 = 1) -> RGBImage {
        var pixels = [Float](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            let t = Float(y) / Float(height)
            for x in 0..<width {
                let s = Float(x) / Float(width)
                let i = (y * width + x) * 3
                pixels[i] = 90 + 60 * t + 20 * s
                pixels[i + 1] = 100 + 50 * t
                pixels[i + 2] = 120 + 30 * t - 15 * s
            }
        }
        var rng = Generator(seed: seed)
        let aspect = Double(height) / Double(width)
        for n in 0..<2000 {
            let stroke = n % 6 != 0
            let w = stroke ? rng.range(0.0005, 0.004) : rng.range(0.01, 0.08)
            let h = stroke ? rng.range(0.004, 0.03) : rng.range(0.01, 0.08)
            let (rw, rh) = rng.unit() < 0.5 ? (w, h / aspect) : (h, w / aspect)
            let x0 = rng.range(0, 1 - rw), y0 = rng.range(0, 1 - rh)
            let colour = [Float(rng.range(25, 230)), Float(rng.range(25, 230)), Float(rng.range(25, 230))]
            let px0 = x0 * Double(width), px1 = (x0 + rw) * Double(width)
            let py0 = y0 * Double(height), py1 = (y0 + rh) * Double(height)
            for y in Int(py0)..<min(height, Int(py1.rounded(.up))) {
                let cy = min(py1, Double(y + 1)) - max(py0, Double(y))
                for x in Int(px0)..<min(width, Int(px1.rounded(.up))) {
                    let cx = min(px1, Double(x + 1)) - max(px0, Double(x))
                    let a = Float(max(0, cx) * max(0, cy))
                    let i = (y * width + x) * 3
                    for c in 0..<3 { pixels[i + c] = pixels[i + c] * (1 - a) + colour[c] * a }
                }
            }
        }
        return RGBImage(width: width, height: height, pixels: pixels.map { UInt8(min(max($0 + 0.5, 0), 255)) })
    }

    /// Three box-blur passes of `radius` px each way (σ ≈ radius for radius ≥ 2).
    static func blurred(_ image: RGBImage, radius: Int) -> RGBImage {
        guard radius > 0 else { return image }
        var pixels = image.pixels
        for _ in 0..<3 {
            boxPass(&pixels, image.width, image.height, radius: radius, horizontal: true)
            boxPass(&pixels, image.width, image.height, radius: radius, horizontal: false)
        }
        return RGBImage(width: image.width, height: image.height, pixels: pixels)
    }

    private static func boxPass(_ pixels: inout [UInt8], _ w: Int, _ h: Int, radius r: Int, horizontal: Bool) {
        let lines = horizontal ? h : w, length = horizontal ? w : h
        let span = 2 * r + 1
        let step = horizontal ? 3 : w * 3
        var line = [Int](repeating: 0, count: length)
        pixels.withUnsafeMutableBufferPointer { p in
            for l in 0..<lines {
                for c in 0..<3 {
                    let base = (horizontal ? l * w * 3 : l * 3) + c
                    for k in 0..<length { line[k] = Int(p[base + k * step]) }
                    var sum = 0
                    for k in -r...r { sum += line[min(max(k, 0), length - 1)] }
                    for k in 0..<length {
                        p[base + k * step] = UInt8((sum + span / 2) / span)
                        sum += line[min(k + r + 1, length - 1)] - line[max(k - r, 0)]
                    }
                }
            }
        }
    }

    /// Adds zero-mean noise of standard deviation `sigma` (sum of four uniforms).
    static func noisy(_ image: RGBImage, sigma: Double, seed: UInt64 = 99) -> RGBImage {
        var rng = Generator(seed: seed)
        let scale = sigma * 3.0.squareRoot()
        var pixels = image.pixels
        for i in pixels.indices {
            let u = rng.unit() + rng.unit() + rng.unit() + rng.unit() - 2
            pixels[i] = UInt8(min(max(Double(pixels[i]) + u * scale, 0), 255).rounded())
        }
        return RGBImage(width: image.width, height: image.height, pixels: pixels)
    }

    /// SplitMix64.
    struct Generator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
        mutating func range(_ lo: Double, _ hi: Double) -> Double { lo + (hi - lo) * unit() }
    }
}
