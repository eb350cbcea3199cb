import Foundation
import RelayMedia

/// Deterministic synthetic images for the tests: nothing binary is committed, every fixture is drawn
/// here and encoded with RelayMedia's own encoders. Sizes stay ≤ 800 px (pixel loops are ~16× slower
/// in debug builds).
enum Fixtures {
    /// SplitMix64: a tiny deterministic generator, so fixtures are identical on every run.
    struct Random {
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

    /// A "text and edges" scene defined in resolution-independent coordinates: a soft vertical
    /// gradient with a few hundred axis-aligned strokes and blocks painted with exact area coverage
    /// (so the same scene can be drawn at any resolution without aliasing).
    static func scene(width: Int, height: Int, seed: UInt64 = 1) -> RGBImage {
        var pixels = [Float](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            let t = Float(y) / Float(height)
            for x in 0..<width {
                let i = (y * width + x) * 3
                pixels[i] = 110 + 40 * t
                pixels[i + 1] = 120 + 30 * t
                pixels[i + 2] = 135 + 10 * t
            }
        }
        var rng = Random(seed: seed)
        let aspect = Double(height) / Double(width)
        for n in 0..<320 {
            // Thin strokes (glyph-like) most of the time, some larger blocks.
            let stroke = n % 5 != 0
            let w = stroke ? rng.range(0.002, 0.012) : rng.range(0.03, 0.12)
            let h = stroke ? rng.range(0.01, 0.06) : rng.range(0.03, 0.12)
            let (rw, rh) = rng.unit() < 0.5 ? (w, h / aspect) : (h, w / aspect)
            let x0 = rng.range(0, 1 - rw), y0 = rng.range(0, 1 - rh)
            let colour = [Float(rng.range(20, 235)), Float(rng.range(20, 235)), Float(rng.range(20, 235))]
            paint(&pixels, width, height, x0: x0, y0: y0, x1: x0 + rw, y1: y0 + rh, colour: colour)
        }
        return RGBImage(width: width, height: height, pixels: pixels.map { UInt8(min(max($0 + 0.5, 0), 255)) })
    }

    /// Paints the rectangle [x0, x1) × [y0, y1) (unit coordinates) with per-pixel coverage as alpha.
    private static func paint(
        _ pixels: inout [Float], _ width: Int, _ height: Int,
        x0: Double, y0: Double, x1: Double, y1: Double, colour: [Float]
    ) {
        let px0 = x0 * Double(width), px1 = x1 * Double(width)
        let py0 = y0 * Double(height), py1 = y1 * Double(height)
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

    /// Approximate Gaussian blur: three passes of a box blur of `radius` in each direction
    /// (σ ≈ radius · 1.15 for small radii), running sums, edges clamped.
    static func blurred(_ image: RGBImage, radius: Int) -> RGBImage {
        var pixels = image.pixels.map(Int.init)
        for _ in 0..<3 {
            pixels = boxPass(pixels, image.width, image.height, radius: radius, horizontal: true)
            pixels = boxPass(pixels, image.width, image.height, radius: radius, horizontal: false)
        }
        return RGBImage(width: image.width, height: image.height, pixels: pixels.map { UInt8(min(max($0, 0), 255)) })
    }

    private static func boxPass(_ src: [Int], _ w: Int, _ h: Int, radius r: Int, horizontal: Bool) -> [Int] {
        var out = src
        let lines = horizontal ? h : w, length = horizontal ? w : h
        let span = 2 * r + 1
        for line in 0..<lines {
            for c in 0..<3 {
                func index(_ k: Int) -> Int {
                    let k = min(max(k, 0), length - 1)
                    return (horizontal ? line * w + k : k * w + line) * 3 + c
                }
                var sum = 0
                for k in -r...r { sum += src[index(k)] }
                for k in 0..<length {
                    out[index(k)] = (sum + span / 2) / span
                    sum += src[index(k + r + 1)] - src[index(k - r)]
                }
            }
        }
        return out
    }

    /// Exposure change by `ev` stops (linear gain on the 8-bit values, clipped): −2 EV darkens 4×.
    static func exposed(_ image: RGBImage, ev: Double) -> RGBImage {
        let gain = pow(2, ev)
        return RGBImage(width: image.width, height: image.height,
                        pixels: image.pixels.map { UInt8(min(255, (Double($0) * gain).rounded())) })
    }

    /// A mid-grey image with a pure red 40×40 block in the top-left corner, to track orientation.
    static func marked(width: Int, height: Int) -> RGBImage {
        var image = RGBImage(width: width, height: height, red: 128, green: 128, blue: 128)
        for y in 0..<40 {
            for x in 0..<40 {
                let i = (y * width + x) * 3
                image.pixels[i] = 255
                image.pixels[i + 1] = 0
                image.pixels[i + 2] = 0
            }
        }
        return image
    }

    /// Which corner of `image` is red (decoded thumbnails are lossy: compares against thresholds).
    static func redCorner(_ image: RGBImage) -> String? {
        let inset = max(2, min(image.width, image.height) / 40)
        let corners = [
            ("top-left", inset, inset), ("top-right", image.width - 1 - inset, inset),
            ("bottom-left", inset, image.height - 1 - inset), ("bottom-right", image.width - 1 - inset, image.height - 1 - inset),
        ]
        let red = corners.filter { _, x, y in
            let p = image[x, y]
            return p.r > 180 && p.g < 90 && p.b < 90
        }
        return red.count == 1 ? red[0].0 : nil
    }

    /// The EXIF block used by the EXIF, HEIC and pipeline tests.
    static func exifBlock(orientation: ImageOrientation?) throws -> Data {
        var builder = EXIFBuilder()
        builder.iso = 200
        builder.exposureTime = EXIFRational(1, 250)
        builder.fNumber = EXIFRational(18, 10)
        builder.dateTimeOriginal = "2025:01:15 10:01:00"
        builder.orientation = orientation
        builder.pixelWidth = 640
        builder.pixelHeight = 480
        builder.make = "Relay"
        builder.model = "Synthetic Cam"
        return try builder.build()
    }
}
