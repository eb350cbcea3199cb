import Foundation

/// Per 8×8 luma block, the energy of two bands of its DCT along each axis — what
/// ``EdgeDetail`` judges sharpness from.
///
/// With C(v, u) the block's orthonormal DCT-II coefficients (v vertical, u horizontal frequency; the
/// scaling JPEG uses, so a JPEG's dequantised coefficients are these numbers):
///
/// | band | fine layout | coarse layout | reads |
/// |---|---|---|---|
/// | `lowX` | u ∈ {1, 2}, v ∈ {0, 1} | u = 1, v ∈ {0, 1} | how much horizontal change (a vertical edge) the block holds |
/// | `highX` | u ∈ 4…7, v ∈ {0, 1} | u ∈ {2, 3}, v ∈ {0, 1} | how steep that change is: a sharp edge keeps energy here, a blurred one does not |
/// | `lowY`, `highY` | the same with u and v swapped | | horizontal edges |
///
/// (``DCTBandLayout`` says which layout a frame size uses.)
///
/// The two bands of one block scale together with contrast and exposure (an EV step multiplies
/// sRGB values), so their ratio does not. Blocks are stored in any order: only their statistics are used.
///
/// Two sources give the same numbers for the same picture: a JPEG's own coefficients, read during its
/// decode (``JPEGDecoder/decodeGrayWithBands(_:scale:)``, no extra transform), and a forward DCT of a
/// decoded image on its 8×8 grid (``init(image:)``, used for HEIC).
package struct DCTBandEnergies: Sendable, Hashable {
    /// `lowX, highX, lowY, highY` for each block, one block after the other.
    package var values: [Float]
    /// Which coefficients the bands sum.
    package var layout: DCTBandLayout

    /// Number of blocks.
    package var count: Int { values.count / 4 }

    /// Wraps interleaved `lowX, highX, lowY, highY` quadruples.
    package init(values: [Float], layout: DCTBandLayout) {
        precondition(values.count % 4 == 0, "DCTBandEnergies holds quadruples")
        self.values = values
        self.layout = layout
    }

    /// The bands of every whole 8×8 block of `image` (a partial last row or column of blocks is left
    /// out), from a forward DCT evaluated only for the coefficients the bands use.
    package init(image: GrayImage, layout: DCTBandLayout) {
        let columns = image.width / 8, rows = image.height / 8
        var values = [Float](repeating: 0, count: max(columns * rows, 0) * 4)
        guard columns > 0, rows > 0 else {
            self.init(values: values, layout: layout)
            return
        }
        let basis = Self.basis
        let width = image.width
        let (lowBand, highBand) = layout == .fine ? ([1, 2], [4, 5, 6, 7]) : ([1], [2, 3])
        image.pixels.withUnsafeBufferPointer { pixels in
            values.withUnsafeMutableBufferPointer { out in
                var index = 0
                for by in 0..<rows {
                    for bx in 0..<columns {
                        let origin = by * 8 * width + bx * 8
                        // rowDC/rowU1[y]: each row's u = 0 and u = 1 coefficients (for the y bands);
                        // colV0/colV1[x]: each column's v = 0 and v = 1 coefficients (for the x bands).
                        var rowU0 = SIMD8<Float>(), rowU1 = SIMD8<Float>()
                        var colV0 = SIMD8<Float>(), colV1 = SIMD8<Float>()
                        for y in 0..<8 {
                            let start = origin + y * width
                            let row = SIMD8<Float>(
                                Float(pixels[start]), Float(pixels[start + 1]), Float(pixels[start + 2]), Float(pixels[start + 3]),
                                Float(pixels[start + 4]), Float(pixels[start + 5]), Float(pixels[start + 6]), Float(pixels[start + 7]))
                            rowU0[y] = (row * basis[0]).sum()
                            rowU1[y] = (row * basis[1]).sum()
                            colV0 += row * basis[0][y]
                            colV1 += row * basis[1][y]
                        }
                        var lowX: Float = 0, highX: Float = 0, lowY: Float = 0, highY: Float = 0
                        for u in lowBand {
                            let a = (colV0 * basis[u]).sum(), b = (colV1 * basis[u]).sum()
                            lowX += a * a + b * b
                            let c = (rowU0 * basis[u]).sum(), d = (rowU1 * basis[u]).sum()
                            lowY += c * c + d * d
                        }
                        for u in highBand {
                            let a = (colV0 * basis[u]).sum(), b = (colV1 * basis[u]).sum()
                            highX += a * a + b * b
                            let c = (rowU0 * basis[u]).sum(), d = (rowU1 * basis[u]).sum()
                            highY += c * c + d * d
                        }
                        out[index] = lowX
                        out[index + 1] = highX
                        out[index + 2] = lowY
                        out[index + 3] = highY
                        index += 4
                    }
                }
            }
        }
        self.init(values: values, layout: layout)
    }

    /// The orthonormal DCT-II basis: `basis[k][n] = c(k) cos((2n + 1) k π / 16)`, c(0) = √(1/8),
    /// c(k > 0) = 1/2.
    static let basis: [SIMD8<Float>] = (0..<8).map { k in
        var row = SIMD8<Float>()
        let scale = k == 0 ? (1.0 / 8.0).squareRoot() : 0.5
        for n in 0..<8 { row[n] = Float(scale * cos(Double((2 * n + 1) * k) * Double.pi / 16)) }
        return row
    }
}
