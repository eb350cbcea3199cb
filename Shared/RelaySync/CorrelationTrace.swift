/// Excerpts of one camera's correlation kept for ``CorrelationPlot``: the fine (analysis-rate)
/// correlation ±50 ms around the best window's peak, and the coarse correlation over the whole
/// search range (max-|c| pooled to ≤ 600 points). Lags are in ms, sign convention of
/// ``SyncAnalysis/offsetsMs``.
public struct CorrelationTrace: Sendable, Codable, Equatable {
    public var fineStartMs: Double
    public var fineStepMs: Double
    public var fine: [Float]
    /// The best window's refined peak (ms).
    public var finePeakMs: Double
    public var overviewStartMs: Double
    public var overviewStepMs: Double
    public var overview: [Float]
    /// The reported offset (ms).
    public var offsetMs: Double

    public init(fineStartMs: Double, fineStepMs: Double, fine: [Float], finePeakMs: Double,
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
