/// One estimator's answer for a (reference, other) pair: the offset under ``SyncAnalysis``'s sign
/// convention (`t_other − t_reference` for the same sound), how sure it is, and its resolution.
package struct FeatureEstimate: Sendable, Codable, Equatable {
    /// Offset in milliseconds, `t_other − t_reference`.
    package var offsetMs: Double
    /// 0…1: how far the chosen peak stands out of the correlation's noise floor and above the
    /// runner-up peak (see ``FeatureAligner``).
    package var confidence: Double
    /// The feature frame period (ms): the estimator's resolution before sub-frame interpolation.
    package var resolutionMs: Double
    /// Robust z-score of the peak over the lag range.
    package var peakZ: Double
    /// Height of the best peak more than 3 frames away, relative to the chosen one (0…1; ≈ 1 is
    /// ambiguous).
    package var runnerUpRatio: Double
}
