/// Excerpts of one camera's correlation kept for ``CorrelationPlot``: the fine (analysis-rate)
/// correlation ±50 ms around the best window's peak, and the coarse correlation over the whole
/// search range (max-|c| pooled to ≤ 600 points). Lags are in ms, sign convention of
/// ``SyncAnalysis/offsetsMs``.
package struct CorrelationTrace: Sendable, Codable, Equatable {
    package var fineStartMs: Double
    package var fineStepMs: Double
    package var fine: [Float]
    /// The best window's refined peak (ms).
    package var finePeakMs: Double
    package var overviewStartMs: Double
    package var overviewStepMs: Double
    package var overview: [Float]
    /// The reported offset (ms).
    package var offsetMs: Double

    package init(fineStartMs: Double, fineStepMs: Double, fine: [Float], finePeakMs: Double,
                overviewStartMs: Double, overviewStepMs: Double, overview: [Float], offsetMs: Double) {
        self.fineStartMs = fineStartMs
        self.fineStepMs = fineStepMs
        self.fine = fine
        self.finePeakMs = finePeakMs
        self.overviewStartMs = overviewStartMs
        self.overviewStepMs = overviewStepMs
        self.overview = overview
        self.offsetMs = offsetMs
    }
}
