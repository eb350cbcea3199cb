/// An 8-bit interleaved RGB image, row-major, no padding: `pixels.count == width * height * 3`.
package struct RGBImage: Sendable, Hashable {
    /// Width in pixels.
    package let width: Int
    /// Height in pixels.
    package let height: Int
    /// R, G, B samples, pixel after pixel, row after row.
    package var pixels: [UInt8]

    /// Wraps a buffer. Precondition: `pixels.count == width * height * 3`, both dimensions positive.
    package init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width > 0 && height > 0 && pixels.count == width * height * 3, "RGBImage buffer size")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// An image filled with one colour.
    package init(width: Int, height: Int, red: UInt8, green: UInt8, blue: UInt8) {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for i in stride(from: 0, to: pixels.count, by: 3) {
            pixels[i] = red
            pixels[i + 1] = green
            pixels[i + 2] = blue
        }
        self.init(width: width, height: height, pixels: pixels)
    }

    /// The longer of width and height.
    package var longEdge: Int { max(width, height) }

    /// The (r, g, b) triple at (x, y).
    package subscript(x: Int, y: Int) -> (r: UInt8, g: UInt8, b: UInt8) {
        let i = (y * width + x) * 3
        return (pixels[i], pixels[i + 1], pixels[i + 2])
    }

    /// The image transformed so that it displays upright for the given EXIF orientation.
    package func oriented(_ orientation: ImageOrientation) -> RGBImage {
        let (w, h) = orientation.uprightSize(width: width, height: height)
        return RGBImage(width: w, height: h, pixels: orientation.apply(to: pixels, width: width, height: height, channels: 3))
    }

    /// Luma with the JPEG/BT.601 weights (0.299, 0.587, 0.114) in 16-bit fixed point, the same
    /// conversion libjpeg uses, so QC on a converted RGB decode matches QC on a grayscale decode.
    package func grayscale() -> GrayImage {
        var out = [UInt8](repeating: 0, count: width * height)
        pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                var s = 0
                for i in 0..<dst.count {
                    let y = 19595 * Int(src[s]) + 38470 * Int(src[s + 1]) + 7471 * Int(src[s + 2]) + 32768
                    dst[i] = UInt8(truncatingIfNeeded: y >> 16)
                    s += 3
                }
            }
        }
        return GrayImage(width: width, height: height, pixels: out)
    }
}
