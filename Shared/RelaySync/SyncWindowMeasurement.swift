/// One refinement window of one camera: a few seconds of the camera correlated at the analysis
/// rate against the master around the coarse lag.
package struct SyncWindowMeasurement: Sendable, Codable, Equatable {
    /// Window centre on the master's (reference's) clock, seconds from its start.
    package var masterTimeSeconds: Double
    /// Offset measured by this window, ms (same sign convention as ``SyncAnalysis/offsetsMs``).
    package var offsetMs: Double
    /// The peak's lag in analysis-rate samples (fractional), i.e. `offsetMs × rate / 1000`.
    package var peakLagSamples: Double
    /// Robust z-score of the peak within the window's search range.
    package var peakZ: Double
    /// Normalised PHAT peak height (1 = identical signals).
    package var peakHeight: Double
    /// Robust z-score of this window's correlation at the lag the fitted line predicts for it.
    package var lineZ: Double
    /// Whether the window agrees with the fitted offset line (within the inlier tolerance).
    package var inlier: Bool
}
