/// Sharpness as the width of the frame's steepest edges: blur widens every edge, whatever the scene's
/// contrast, exposure or texture.
///
/// Measured on the luma at a **measurement size** of 1400–2800 px long edge (``measurementImage(_:)``:
/// a 12 MP frame halved to 2000 px, a 3 MP one as it is; JPEG gets there by its DCT scale), for each axis
/// (x: across vertical edges, y: across horizontal ones):
/// 1. **Edge points**: pixels whose gradient `a = |g(i+1) − g(i−1)|` along the axis is a local maximum
///    along it (the middle of an edge's ramp), with `a ≥` ``minimumRise``.
/// 2. **The steepest**: the ``topFraction`` of the frame's pixel count with the largest `a` (at least
///    ``minimumEvidence``) — the subject's sharpest edges, so a plain backdrop or bokeh around a sharp
///    subject does not count.
/// 3. **Width** of each: the rise over ±2 px over the slope at the point, `|g(i+2) − g(i−2)| / (a / 2)`
///    (an ideal step is 2 px wide at this size; a Gaussian blur of σ px about 2.5σ). Contrast and
///    exposure scale rise and slope alike, so the ratio does not move with them.
///
/// The axis's width is the median over its steepest points, rescaled to a 2048 px long edge
/// (`2 + (w − 2) · 2048 / L` above 2 px, so limits hold at any measurement size); ``value`` is the wider axis (a
/// motion blur shows on one axis only). An axis with fewer than ``minimumEvidence`` edge points has no
/// value; a frame with neither (fog, a plain wall) has `nil`, and QC does not fail what it cannot see.
///
/// Measured by `Benchmarks/qc.sh` on its labelled real photographs against the high-frequency share of
/// the strongest 8×8 DCT blocks it replaces: blur accuracy 82 % → 96 %, no sharp frame failing (the
/// DCT share read pixel-level softness of upscaled 12 MP frames as blur, and missed mild blur of busy
/// scenes). The window (±2 px), the share (0.01 %) and the size (≈ 2000 px) were picked from a sweep
/// on that set (1000–2560 px, ±2–8 px, 0.003–0.1 %): at the 1000 px analysis size the same measure
/// reached 92 %.
package struct EdgeWidth: Sendable, Hashable, Codable {
    /// The frame's width: the wider axis with evidence; `nil` when no axis has evidence.
    package var value: Double?
    /// Width across vertical edges, `nil` without evidence.
    package var x: Double?
    /// Width across horizontal edges, `nil` without evidence.
    package var y: Double?
    /// Edge points measured (both axes).
    package var evidence: Int
    /// Long edge of the image the widths were measured on.
    package var measuredLongEdge: Int

    /// Widths are reported as if measured at this long edge.
    package static let referenceLongEdge = 2048
    /// ``measurementImage(_:)`` halves an image while the half is still this long.
    package static let minimumLongEdge = 1400
    /// The share of the frame's pixels taken as its steepest edge points.
    package static let topFraction = 0.0001
    /// The smallest rise `a` (twice the slope, in 8-bit levels) that counts as an edge point.
    package static let minimumRise = 12
    /// Edge points an axis needs.
    package static let minimumEvidence = 16

    /// Wraps measured values.
    package init(value: Double?, x: Double?, y: Double?, evidence: Int, measuredLongEdge: Int) {
        self.value = value
        self.x = x
        self.y = y
        self.evidence = evidence
        self.measuredLongEdge = measuredLongEdge
    }

    /// Measures `image` as it is: call it on ``measurementImage(_:)``. Costs about two passes over the
    /// frame per axis (`Benchmarks/qc.sh` prints it).
    package init(image: GrayImage) {
        let pixelCount = image.width * image.height
        let wanted = max(Self.minimumEvidence, Int((Double(pixelCount) * Self.topFraction).rounded()))
        let long = max(image.width, image.height)
        // One buffer of rises for both axes.
        let rises = UnsafeMutablePointer<UInt8>.allocate(capacity: max(pixelCount, 1))
        defer { rises.deallocate() }
        let across = Self.steepestWidths(image, wanted: wanted, alongRows: true, rise: rises)
        let down = Self.steepestWidths(image, wanted: wanted, alongRows: false, rise: rises)
        func normalised(_ widths: [Float]) -> Double? {
            guard widths.count >= Self.minimumEvidence else { return nil }
            let median = Self.median(widths)
            // Below the 2 px of an ideal step (thin lines, grain) there is nothing to rescale.
            return median <= 2 ? median : 2 + (median - 2) * Double(Self.referenceLongEdge) / Double(long)
        }
        let x = normalised(across), y = normalised(down)
        let value: Double? = switch (x, y) {
        case let (x?, y?): max(x, y)
        case let (x?, nil): x
        case let (nil, y?): y
        case (nil, nil): nil
        }
        self.init(value: value, x: x, y: y, evidence: across.count + down.count, measuredLongEdge: long)
    }

    /// `image` halved (2×2 area average) while the half keeps a long edge of ``minimumLongEdge``:
    /// 4000 → 2000 px, 6000 → 1500, 2048 as it is.
    package static func measurementImage(_ image: GrayImage) -> GrayImage {
        var image = image
        while max(image.width, image.height) / 2 >= minimumLongEdge {
            image = ImageResizer.resize(image, width: max(image.width / 2, 1), height: max(image.height / 2, 1))
        }
        return image
    }

    /// The JPEG DCT scale that decodes straight to the measurement size (the same halvings).
    package static func jpegScale(width: Int, height: Int) -> JPEGScale {
        JPEGScale.largestReduction(width: width, height: height, minimumLongEdge: minimumLongEdge)
    }

    /// The widths of the `wanted` steepest edge points along rows (x) or columns (y).
    ///
    /// The rises `|g(i+1) − g(i−1)|` of the whole frame are computed first; then two passes find edge
    /// points, skipping any 8 rises none of which reaches the pass's least rise (``anyByte(_:reaches:)``): the
    /// first counts edge points by rise (from ``minimumRise``), the second measures the widths of those
    /// at or above the rise that keeps `wanted` of them — few, so it is mostly skipping.
    /// `rise` has room for the frame's pixel count.
    static func steepestWidths(_ image: GrayImage, wanted: Int, alongRows: Bool, rise: UnsafeMutablePointer<UInt8>) -> [Float] {
        let w = image.width, h = image.height, n = w * h
        guard w >= 5, h >= 5 else { return [] }
        let unit = alongRows ? 1 : w
        // Edge points: x in 2..<w−2 along rows, y in 2..<h−2 along columns (g(i±2) exist).
        let (x0, x1) = alongRows ? (2, w - 2) : (0, w)
        let (y0, y1) = alongRows ? (0, h) : (2, h - 2)
        return image.pixels.withUnsafeBufferPointer { pixels -> [Float] in
            let p = pixels.baseAddress!
            // rise[i] = |g(i + unit) − g(i − unit)| for i in unit..<n − unit: a loop without index
            // arithmetic, which the compiler vectorises.
            let ahead = p + 2 * unit, out = rise + unit
            for k in 0..<(n - 2 * unit) {
                let a = ahead[k], b = p[k]
                out[k] = max(a, b) &- min(a, b)
            }
            /// Calls `visit(j, a)` for every edge point with rise `a ≥ least` on every `rowStep`-th line.
            func edgePoints(least: UInt8, rowStep: Int, _ visit: (Int, UInt8) -> Void) {
                for y in stride(from: y0, to: y1, by: rowStep) {
                    let row = y * w
                    var x = x0
                    while x < x1 {
                        let end = min(x + 8, x1)
                        if end - x == 8, !Self.anyByte(UnsafeRawPointer(rise + row + x).loadUnaligned(as: UInt64.self), reaches: least) {
                            x = end
                            continue
                        }
                        for j in (row + x)..<(row + end) {
                            let a = rise[j]
                            if a >= least, a >= rise[j - unit], a > rise[j + unit] { visit(j, a) }
                        }
                        x = end
                    }
                }
            }
            let floor = UInt8(clamping: minimumRise)
            // Estimate the rise that keeps `wanted` from every 4th line, then collect every edge point
            // from 3/4 of it (all of them again if that keeps too few): most of the frame is skipped.
            var sample = [Int](repeating: 0, count: 256)
            edgePoints(least: floor, rowStep: 8) { _, a in sample[Int(a)] += 1 }
            let estimate = Self.threshold(sample, keeping: (wanted + 7) / 8, floor: floor)
            var least = max(floor, UInt8(Int(estimate) * 3 / 4))
            var rises: [UInt8] = [], widths: [Float] = []
            while true {
                rises.removeAll(keepingCapacity: true)
                widths.removeAll(keepingCapacity: true)
                edgePoints(least: least, rowStep: 1) { j, a in
                    let outer = p[j + 2 * unit], inner = p[j - 2 * unit]
                    rises.append(a)
                    widths.append(Float(2 * Int(outer > inner ? outer &- inner : inner &- outer)) / Float(a))
                }
                if rises.count >= wanted || least == floor { break }
                least = floor
            }
            // The exact selection among them.
            var counts = [Int](repeating: 0, count: 256)
            for a in rises { counts[Int(a)] += 1 }
            let cut = Self.threshold(counts, keeping: wanted, floor: least)
            return zip(rises, widths).compactMap { $0.0 >= cut ? $0.1 : nil }
        }
    }

    /// The largest rise `t ≥ floor` such that the points with rise `≥ t` number at least `keeping`
    /// (or `floor` when all of them together do not).
    static func threshold(_ counts: [Int], keeping: Int, floor: UInt8) -> UInt8 {
        var kept = 0, t = 256
        while t > Int(floor), kept < keeping {
            t -= 1
            kept += counts[t]
        }
        return UInt8(min(t, 255))
    }

    /// Whether any of the 8 bytes of `word` is ≥ `least` — exact for `least` ≤ 128 (each byte's low 7
    /// bits with the high bit forced on, minus `least`, cannot borrow from its neighbour; the result's
    /// high bit says `b & 0x7F ≥ least`, the byte's own high bit says `b ≥ 128`), and for a larger
    /// `least` true whenever a byte is ≥ 128 (a superset: callers re-check each byte).
    @inline(__always)
    static func anyByte(_ word: UInt64, reaches least: UInt8) -> Bool {
        let high: UInt64 = 0x8080_8080_8080_8080
        guard least <= 128 else { return word & high != 0 }
        return (((word | high) &- UInt64(least) &* 0x0101_0101_0101_0101) | word) & high != 0
    }

    static func median(_ values: [Float]) -> Double {
        let sorted = values.sorted()
        let n = sorted.count
        return n % 2 == 1 ? Double(sorted[n / 2]) : (Double(sorted[n / 2 - 1]) + Double(sorted[n / 2])) / 2
    }
}
