/// An 8-bit single-channel (luma) image, row-major, no padding: `pixels.count == width * height`.
public struct GrayImage: Sendable, Hashable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// Luma samples, row after row.
    public var pixels: [UInt8]

    /// Wraps a buffer. Precondition: `pixels.count == width * height`, both dimensions positive.
    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width > 0 && height > 0 && pixels.count == width * height, "GrayImage buffer size")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// An image filled with `value`.
    public init(width: Int, height: Int, filledWith value: UInt8) {
        self.init(width: width, height: height, pixels: [UInt8](repeating: value, count: width * height))
    }

    /// The longer of width and height.
    public var longEdge: Int { max(width, height) }

    /// The sample at (x, y).
    public subscript(x: Int, y: Int) -> UInt8 {
        get { pixels[y * width + x] }
        set { pixels[y * width + x] = newValue }
    }

    /// The image transformed so that it displays upright for the given EXIF orientation.
    public func oriented(_ orientation: ImageOrientation) -> GrayImage {
        let (w, h) = orientation.uprightSize(width: width, height: height)
        return GrayImage(width: w, height: h, pixels: orientation.apply(to: pixels, width: width, height: height, channels: 1))
    }
}
