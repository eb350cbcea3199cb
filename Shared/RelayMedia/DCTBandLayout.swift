import CJPEGBands

/// Which DCT coefficients ``DCTBandEnergies`` sums, chosen by the frame's size so that the bands look
/// at the same detail on the subject whatever the resolution.
///
/// At about 2000 px (3 MP) an 8×8 block's coefficients u = 1–2 hold periods of 8–16 px and u = 4–7
/// periods of 2–4 px: the **fine** layout compares the two. A 12 MP frame shows the same scene with
/// twice the pixels, so the same detail sits at half the frequency: the **coarse** layout compares
/// u = 1 with u = 2–3. Measured on `Benchmarks/qc.sh`'s real photographs, the fine layout at 12 MP
/// mostly measured how soft the pixels themselves are (lens, demosaicing, upscaling) and separated
/// blurred from sharp frames worse than the coarse one.
package enum DCTBandLayout: String, Sendable, Hashable, Codable {
    /// low = u ∈ {1, 2}, high = u ∈ 4…7 (v ∈ {0, 1}; y axis transposed).
    case fine
    /// low = u = 1, high = u ∈ {2, 3} (v ∈ {0, 1}; y axis transposed).
    case coarse

    /// Frames with a long edge above this use the coarse layout.
    package static let coarseAbove = 2900

    /// The layout for a frame whose long edge is `longEdge` px.
    package static func forLongEdge(_ longEdge: Int) -> DCTBandLayout {
        longEdge > coarseAbove ? .coarse : .fine
    }

    /// The percentile of the edge blocks' high-frequency shares ``EdgeDetail`` reports: the median for
    /// the fine layout; for the coarse one the 75th (the best of 50/75/90/95 on the benchmark set).
    var sharePercentile: Double {
        switch self {
        case .fine: 0.5
        case .coarse: 0.75
        }
    }

    /// The C layout constant.
    var cValue: Int32 {
        switch self {
        case .fine: Int32(RELAY_BANDS_FINE)
        case .coarse: Int32(RELAY_BANDS_COARSE)
        }
    }
}
