/// Downscaling by area averaging (a box filter whose width is the reduction factor): each output
/// pixel is the exact coverage-weighted mean of the source pixels under it. For the large reductions
/// Relay makes (12 MP → 1200/600/150 px thumbnails, QC analysis size) this is alias-free and cheap;
/// it is separable: per output row, a vertical pass into one `Float` row, then a horizontal pass.
///
/// Never upscales: asking for a long edge at or above the source's returns the source unchanged.
package enum ImageResizer {
    /// Target dimensions for a long edge, keeping the aspect ratio (short edge rounded, at least 1);
    /// the source size when it is already no larger.
    package static func targetSize(width: Int, height: Int, longEdge: Int) -> (width: Int, height: Int) {
        let long = max(width, height)
        guard longEdge > 0, longEdge < long else { return (width, height) }
        let scale = Double(longEdge) / Double(long)
        if width >= height {
            return (longEdge, max(1, Int((Double(height) * scale).rounded())))
        }
        return (max(1, Int((Double(width) * scale).rounded())), longEdge)
    }

    /// `image` scaled so its long edge is `longEdge` (or unchanged when already smaller).
    package static func resize(_ image: RGBImage, longEdge: Int) -> RGBImage {
        let (w, h) = targetSize(width: image.width, height: image.height, longEdge: longEdge)
        return resize(image, width: w, height: h)
    }

    /// `image` scaled so its long edge is `longEdge` (or unchanged when already smaller).
    package static func resize(_ image: GrayImage, longEdge: Int) -> GrayImage {
        let (w, h) = targetSize(width: image.width, height: image.height, longEdge: longEdge)
        return resize(image, width: w, height: h)
    }

    /// `image` area-averaged to `width` × `height`; each must be between 1 and the source's.
    package static func resize(_ image: RGBImage, width: Int, height: Int) -> RGBImage {
        guard width != image.width || height != image.height else { return image }
        let pixels = areaAverage(image.pixels, image.width, image.height, channels: 3, width, height)
        return RGBImage(width: width, height: height, pixels: pixels)
    }

    /// `image` area-averaged to `width` × `height`; each must be between 1 and the source's.
    package static func resize(_ image: GrayImage, width: Int, height: Int) -> GrayImage {
        guard width != image.width || height != image.height else { return image }
        if image.width == 2 * width && image.height == 2 * height { return halved(image) }
        let pixels = areaAverage(image.pixels, image.width, image.height, channels: 1, width, height)
        return GrayImage(width: width, height: height, pixels: pixels)
    }

    /// Exactly half size (QC's usual step: a 12 MP luma decoded at DCT 1/2, 2000 → 1000 px): each output
    /// pixel is the rounded mean of a 2×2 block, `(a + b + c + d + 2) / 4` — the same value the general
    /// area average gives, in integers and about 5× faster.
    static func halved(_ image: GrayImage) -> GrayImage {
        let w = image.width / 2, h = image.height / 2, stride = image.width
        var out = [UInt8](repeating: 0, count: w * h)
        image.pixels.withUnsafeBufferPointer { s in
            out.withUnsafeMutableBufferPointer { o in
                for y in 0..<h {
                    let top = s.baseAddress! + 2 * y * stride, bottom = top + stride
                    let dst = o.baseAddress! + y * w
                    for x in 0..<w {
                        let sum = UInt16(top[2 * x]) + UInt16(top[2 * x + 1]) + UInt16(bottom[2 * x]) + UInt16(bottom[2 * x + 1])
                        dst[x] = UInt8((sum + 2) >> 2)
                    }
                }
            }
        }
        return GrayImage(width: w, height: h, pixels: out)
    }

    // MARK: - Internals

    /// For one axis: each output index's first source index, tap count and offset into `weights`.
    private struct Taps {
        var first: [Int] = []
        var count: [Int] = []
        var offset: [Int] = []
        var weights: [Float] = []

        init(source: Int, target: Int) {
            let ratio = Double(source) / Double(target)
            for o in 0..<target {
                let start = Double(o) * ratio, end = Double(o + 1) * ratio
                let lo = Int(start), hi = min(source, Int(end.rounded(.up)))
                first.append(lo)
                offset.append(weights.count)
                var n = 0
                for i in lo..<max(hi, lo + 1) {
                    let overlap = min(end, Double(i + 1)) - max(start, Double(i))
                    if overlap > 1e-9 || n == 0 {
                        weights.append(Float(max(overlap, 0) / ratio))
                        n += 1
                    }
                }
                count.append(n)
            }
        }
    }

    private static func areaAverage(
        _ src: [UInt8], _ srcW: Int, _ srcH: Int, channels: Int, _ dstW: Int, _ dstH: Int
    ) -> [UInt8] {
        precondition(dstW >= 1 && dstH >= 1 && dstW <= srcW && dstH <= srcH, "ImageResizer only downscales")
        let tx = Taps(source: srcW, target: dstW)
        let ty = Taps(source: srcH, target: dstH)
        let rowIn = srcW * channels, rowOut = dstW * channels
        var out = [UInt8](repeating: 0, count: dstH * rowOut)
        // One output row at a time: the vertical pass sums whole source rows into one Float row (contiguous,
        // vectorises, stays in cache), the horizontal pass reduces that row to the output row. No
        // image-sized temporary: a 20 MB buffer cost more in page faults than the arithmetic.
        var row = [Float](repeating: 0, count: rowIn)
        src.withUnsafeBufferPointer { s in
            out.withUnsafeMutableBufferPointer { o in
                row.withUnsafeMutableBufferPointer { r in
                    tx.weights.withUnsafeBufferPointer { wx in
                        ty.weights.withUnsafeBufferPointer { wy in
                            for oy in 0..<dstH {
                                let acc = r.baseAddress!
                                acc.update(repeating: 0, count: rowIn)
                                for t in 0..<ty.count[oy] {
                                    let w = wy[ty.offset[oy] + t]
                                    let line = s.baseAddress! + (ty.first[oy] + t) * rowIn
                                    for i in 0..<rowIn { acc[i] += w * Float(line[i]) }
                                }
                                let dst = o.baseAddress! + oy * rowOut
                                for ox in 0..<dstW {
                                    let base = acc + tx.first[ox] * channels
                                    let w = wx.baseAddress! + tx.offset[ox]
                                    let taps = tx.count[ox]
                                    if channels == 3 {  // the thumbnail case: one pass over the taps for R, G, B
                                        var r: Float = 0.5, g: Float = 0.5, b: Float = 0.5
                                        for t in 0..<taps {
                                            let p = base + 3 * t
                                            r += w[t] * p[0]
                                            g += w[t] * p[1]
                                            b += w[t] * p[2]
                                        }
                                        dst[3 * ox] = UInt8(min(max(r, 0), 255))
                                        dst[3 * ox + 1] = UInt8(min(max(g, 0), 255))
                                        dst[3 * ox + 2] = UInt8(min(max(b, 0), 255))
                                        continue
                                    }
                                    for c in 0..<channels {
                                        var sum: Float = 0.5
                                        for t in 0..<taps { sum += w[t] * base[t * channels + c] }
                                        dst[ox * channels + c] = UInt8(min(max(sum, 0), 255))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return out
    }
}
