/// A TurboJPEG DCT scaling factor: the decoder skips high-frequency DCT coefficients and produces a
/// smaller image directly, which is much cheaper than decoding in full and resizing.
///
/// Only the power-of-two reductions are offered (libjpeg-turbo also has odd factors such as 3/8,
/// which cost nearly a full decode).
package enum JPEGScale: Int, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
    /// 1/1: full resolution.
    case full = 1
    /// 1/2.
    case half = 2
    /// 1/4.
    case quarter = 4
    /// 1/8: one pixel per DCT block.
    case eighth = 8

    /// The denominator of the factor (the numerator is always 1).
    package var denominator: Int { rawValue }

    /// `"1"`, `"1/2"`, `"1/4"`, `"1/8"`.
    package var description: String { self == .full ? "1" : "1/\(rawValue)" }

    /// Smaller reduction first: `.full < .half < .quarter < .eighth`.
    package static func < (lhs: JPEGScale, rhs: JPEGScale) -> Bool { lhs.rawValue < rhs.rawValue }

    /// `TJSCALED(dimension, {1, denominator})`: the macro does not import into Swift. Rounds up.
    package func scaled(_ dimension: Int) -> Int {
        (dimension + denominator - 1) / denominator
    }

    /// The largest reduction whose result still has a long edge of at least `minimumLongEdge`;
    /// `.full` when even that is smaller (decoding never upscales).
    package static func largestReduction(width: Int, height: Int, minimumLongEdge: Int) -> JPEGScale {
        let longEdge = max(width, height)
        for scale in allCases.reversed() where scale.scaled(longEdge) >= minimumLongEdge {
            return scale
        }
        return .full
    }
}
