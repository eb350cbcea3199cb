/// An 8-bit single-channel (luma) image, row-major, no padding: `pixels.count == width * height`.
package struct GrayImage: Sendable, Hashable {
    /// Width in pixels.
    package let width: Int
    /// Height in pixels.
    package let height: Int
    /// Luma samples, row after row.
    package var pixels: [UInt8]

    /// Wraps a buffer. Precondition: `pixels.count == width * height`, both dimensions positive.
    package init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width > 0 && height > 0 && pixels.count == width * height, "GrayImage buffer size")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// An image filled with `value`.
    package init(width: Int, height: Int, filledWith value: UInt8) {
        self.init(width: width, height: height, pixels: [UInt8](repeating: value, count: width * height))
    }

    /// The longer of width and height.
    package var longEdge: Int { max(width, height) }

    /// The sample at (x, y).
    package subscript(x: Int, y: Int) -> UInt8 {
        get { pixels[y * width + x] }
        set { pixels[y * width + x] = newValue }
    }

    /// The image transformed so that it displays upright for the given EXIF orientation.
    package func oriented(_ orientation: ImageOrientation) -> GrayImage {
        let (w, h) = orientation.uprightSize(width: width, height: height)
        return GrayImage(width: w, height: h, pixels: orientation.apply(to: pixels, width: width, height: height, channels: 1))
    }
}
