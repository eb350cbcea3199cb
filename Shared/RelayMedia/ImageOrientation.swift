/// The EXIF `Orientation` tag (0x0112): how the stored pixels must be transformed to display upright.
///
/// Raw values are the EXIF values 1–8 (libheif's `heif_orientation` uses the same numbering).
/// For 5–8 the upright image has width and height swapped.
///
/// | value | stored → upright |
/// |---|---|
/// | 1 | as is |
/// | 2 | flip horizontally |
/// | 3 | rotate 180° |
/// | 4 | flip vertically |
/// | 5 | transpose (flip horizontally, then rotate 270° clockwise) |
/// | 6 | rotate 90° clockwise |
/// | 7 | transverse (flip horizontally, then rotate 90° clockwise) |
/// | 8 | rotate 270° clockwise (90° counter-clockwise) |
package enum ImageOrientation: Int, Sendable, Hashable, Codable, CaseIterable {
    case up = 1
    case upMirrored = 2
    case down = 3
    case downMirrored = 4
    case leftMirrored = 5
    case right = 6
    case rightMirrored = 7
    case left = 8

    /// Whether the upright image has width and height swapped relative to the stored one.
    package var swapsDimensions: Bool { rawValue >= 5 }

    /// The orientation that undoes this one: storing an upright image with `inverse` applied and
    /// tagging it with `self` displays it upright again.
    package var inverse: ImageOrientation {
        switch self {
        case .right: return .left
        case .left: return .right
        default: return self  // flips, 180° and the two diagonal transposes are their own inverse
        }
    }

    /// The orientation for an EXIF value; `nil` outside 1–8 (cameras do write 0 and garbage).
    package init?(exifValue: Int) {
        self.init(rawValue: exifValue)
    }

    /// Upright dimensions for stored dimensions.
    package func uprightSize(width: Int, height: Int) -> (width: Int, height: Int) {
        swapsDimensions ? (height, width) : (width, height)
    }

    /// Applies the transform to an interleaved 8-bit buffer with `channels` samples per pixel.
    package func apply(to pixels: [UInt8], width: Int, height: Int, channels: Int) -> [UInt8] {
        if self == .up { return pixels }
        let (outWidth, outHeight) = uprightSize(width: width, height: height)
        var out = [UInt8](repeating: 0, count: pixels.count)
        // For every upright pixel (x', y') the stored source pixel (x, y) is
        // sourceX = ax·x' + bx·y' + cx, sourceY = ay·x' + by·y' + cy; see the table above.
        let (ax, bx, cx, ay, by, cy): (Int, Int, Int, Int, Int, Int)
        switch self {
        case .up: (ax, bx, cx, ay, by, cy) = (1, 0, 0, 0, 1, 0)
        case .upMirrored: (ax, bx, cx, ay, by, cy) = (-1, 0, width - 1, 0, 1, 0)
        case .down: (ax, bx, cx, ay, by, cy) = (-1, 0, width - 1, 0, -1, height - 1)
        case .downMirrored: (ax, bx, cx, ay, by, cy) = (1, 0, 0, 0, -1, height - 1)
        case .leftMirrored: (ax, bx, cx, ay, by, cy) = (0, 1, 0, 1, 0, 0)
        case .right: (ax, bx, cx, ay, by, cy) = (0, 1, 0, -1, 0, height - 1)
        case .rightMirrored: (ax, bx, cx, ay, by, cy) = (0, -1, width - 1, -1, 0, height - 1)
        case .left: (ax, bx, cx, ay, by, cy) = (0, -1, width - 1, 1, 0, 0)
        }
        pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                // Source offset steps per output column and per output row, in bytes.
                let stepX = (ax + ay * width) * channels
                let stepY = (bx + by * width) * channels
                var rowStart = (cx + cy * width) * channels
                var d = 0
                for _ in 0..<outHeight {
                    var s = rowStart
                    for _ in 0..<outWidth {
                        for c in 0..<channels { dst[d + c] = src[s + c] }
                        d += channels
                        s += stepX
                    }
                    rowStart += stepY
                }
            }
        }
        return out
    }
}
