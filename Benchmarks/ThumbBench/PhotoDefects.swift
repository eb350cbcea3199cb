import Foundation
import RelayMedia

/// The faults a studio photo has, applied to a synthetic scene for the QC accuracy set: motion blur
/// (the car or the camera moved), defocus (a disc-shaped blur: the lens focused elsewhere) and exposure
/// off by whole stops (in linear light, then back to sRGB, clipping as a sensor does).
enum PhotoDefects {
    /// Horizontal motion blur over `length` px (odd), a 1-D box along the motion.
    static func motionBlurred(_ image: RGBImage, length: Int) -> RGBImage {
        let r = max(length / 2, 1)
        let w = image.width, h = image.height, span = 2 * r + 1
        var out = image.pixels
        image.pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for y in 0..<h {
                    for c in 0..<3 {
                        let base = y * w * 3 + c
                        var sum = 0
                        for k in -r...r { sum += Int(src[base + min(max(k, 0), w - 1) * 3]) }
                        for x in 0..<w {
                            dst[base + x * 3] = UInt8((sum + span / 2) / span)
                            sum += Int(src[base + min(x + r + 1, w - 1) * 3]) - Int(src[base + max(x - r, 0) * 3])
                        }
                    }
                }
            }
        }
        return RGBImage(width: w, height: h, pixels: out)
    }

    /// Defocus: the mean over a disc of `radius` px, from row prefix sums (one run per disc row).
    static func defocused(_ image: RGBImage, radius: Int) -> RGBImage {
        let w = image.width, h = image.height
        let spans = (-radius...radius).map { dy in (dy, Int((Double(radius * radius - dy * dy)).squareRoot())) }
        let area = spans.reduce(0) { $0 + 2 * $1.1 + 1 }
        // prefix[c][y][x+1] = sum of row y, channel c, columns 0...x.
        var prefix = [[Int]](repeating: [Int](repeating: 0, count: (w + 1) * h), count: 3)
        for c in 0..<3 {
            image.pixels.withUnsafeBufferPointer { src in
                prefix[c].withUnsafeMutableBufferPointer { p in
                    for y in 0..<h {
                        var sum = 0
                        for x in 0..<w {
                            sum += Int(src[(y * w + x) * 3 + c])
                            p[y * (w + 1) + x + 1] = sum
                        }
                    }
                }
            }
        }
        var out = [UInt8](repeating: 0, count: w * h * 3)
        for c in 0..<3 {
            prefix[c].withUnsafeBufferPointer { p in
                out.withUnsafeMutableBufferPointer { dst in
                    for y in 0..<h {
                        for x in 0..<w {
                            var sum = 0
                            for (dy, half) in spans {
                                let row = min(max(y + dy, 0), h - 1) * (w + 1)
                                let lo = max(x - half, 0), hi = min(x + half, w - 1)
                                // Clamp at the edges by counting the edge pixel for the columns outside.
                                sum += p[row + hi + 1] - p[row + lo]
                                let missing = 2 * half + 1 - (hi - lo + 1)
                                if missing > 0 { sum += missing * (p[row + (x < half ? 1 : w)] - p[row + (x < half ? 0 : w - 1)]) }
                            }
                            dst[(y * w + x) * 3 + c] = UInt8((sum + area / 2) / area)
                        }
                    }
                }
            }
        }
        return RGBImage(width: w, height: h, pixels: out)
    }

    /// Exposure changed by `stops` EV: sRGB (γ 2.2) → linear × 2^stops → sRGB, clipped at white.
    static func exposed(_ image: RGBImage, stops: Double) -> RGBImage {
        let gain = pow(2.0, stops)
        let table: [UInt8] = (0..<256).map { v in
            let linear = pow(Double(v) / 255, 2.2) * gain
            return UInt8((pow(min(linear, 1), 1 / 2.2) * 255).rounded())
        }
        return RGBImage(width: image.width, height: image.height, pixels: image.pixels.map { table[Int($0)] })
    }
}
