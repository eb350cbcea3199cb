/// Sharpness that does not move with exposure, contrast or how much of the frame is textured: how much
/// of its energy the frame's strongest edges keep in the high DCT band.
///
/// From ``DCTBandEnergies`` at full resolution, for each axis (x: vertical edges, y: horizontal ones):
/// 1. **Noise floor** `N`: the median high-band energy of the flat blocks (the quarter with the least
///    low-band energy). Flat regions carry only sensor and compression noise (Immerkær's idea, per
///    band), which would otherwise make a blurred noisy frame look sharp.
/// 2. **Edge blocks**: the 1 % of blocks (at least 16) with the most low-band energy — the most
///    detailed part of the frame, so a plain backdrop or bokeh around a sharp subject does not count.
///    Only blocks whose low band is clearly above the floor (more than `20 N` and more than 400, a
///    step of a few levels) are evidence; an axis needs ``minimumEvidence`` of them.
/// 3. **High-frequency share** of that axis: the median (fine layout; the 75th percentile for the coarse
///    one, see ``DCTBandLayout``) over the edge blocks of `max(H − N, 0) / L`.
///    A sharp edge keeps energy up to the top of the block's spectrum; blur of a pixel or two moves
///    it down into the low band. Both bands scale with contrast and exposure, so the ratio does not.
///
/// ``value`` is the smaller of the two axes (a motion blur along one axis shows on that axis only),
/// over the axes with evidence; `nil` when neither has any — a frame of fog or plain wall has no
/// edge to judge, and QC then does not fail it.
///
/// The share depends on how many pixels the blur covers and on the layout, so ``QCThresholds`` has one
/// pair of limits for frames up to 6 MP (fine layout) and one for larger frames (coarse layout).
package struct EdgeDetail: Sendable, Hashable, Codable {
    /// The frame's share: the smaller axis with evidence; `nil` when no axis has evidence.
    package var value: Double?
    /// The x axis (vertical edges) share, `nil` without evidence.
    package var x: Double?
    /// The y axis (horizontal edges) share, `nil` without evidence.
    package var y: Double?
    /// Edge blocks that counted (both axes).
    package var evidence: Int
    /// The bands the shares were measured in.
    package var layout: DCTBandLayout

    /// Wraps measured values.
    package init(value: Double?, x: Double?, y: Double?, evidence: Int, layout: DCTBandLayout) {
        self.value = value
        self.x = x
        self.y = y
        self.evidence = evidence
        self.layout = layout
    }

    /// Fewest evidence blocks an axis needs.
    package static let minimumEvidence = 32
    /// Fraction of blocks taken as edge blocks.
    package static let edgeFraction = 0.01
    /// Low-band energy an evidence block needs above 20× the noise floor.
    package static let minimumLowEnergy: Float = 400

    /// Measures the bands (see the type's documentation).
    package init(bands: DCTBandEnergies) {
        let percentile = bands.layout.sharePercentile
        let x = Self.axis(bands.values, low: 0, high: 1, percentile: percentile)
        let y = Self.axis(bands.values, low: 2, high: 3, percentile: percentile)
        let shares = [x.share, y.share].compactMap { $0 }
        self.init(value: shares.min(), x: x.share, y: y.share, evidence: x.evidence + y.evidence, layout: bands.layout)
    }

    /// One axis: the noise floor, the edge blocks, the share at `percentile` (0–1).
    static func axis(_ values: [Float], low: Int, high: Int, percentile: Double) -> (share: Double?, evidence: Int) {
        let count = values.count / 4
        guard count >= 16 else { return (nil, 0) }
        return values.withUnsafeBufferPointer { v in
            var lowKeys = FloatKeyHistogram()
            for i in 0..<count { lowKeys.add(v[4 * i + low]) }
            // The quarter with the least low-band energy: the flat blocks.
            let flatLimit = lowKeys.value(atRank: count / 4)
            var flatHigh = FloatKeyHistogram()
            var flatCount = 0
            for i in 0..<count where v[4 * i + low] <= flatLimit {
                flatHigh.add(v[4 * i + high])
                flatCount += 1
            }
            let floor = flatHigh.value(atRank: flatCount / 2)
            // The edge blocks: at least the top 1 % by low-band energy.
            let wanted = max(16, Int(Double(count) * edgeFraction))
            let edgeLimit = lowKeys.value(atRank: count - wanted)
            let minimumLow = max(20 * floor, minimumLowEnergy)
            var shares: [Float] = []
            shares.reserveCapacity(wanted + 64)
            for i in 0..<count {
                let l = v[4 * i + low]
                guard l >= edgeLimit, l > minimumLow else { continue }
                shares.append(max(v[4 * i + high] - floor, 0) / l)
            }
            guard shares.count >= minimumEvidence else { return (nil, shares.count) }
            shares.sort()
            return (Double(shares[min(Int(Double(shares.count) * percentile), shares.count - 1)]), shares.count)
        }
    }
}
