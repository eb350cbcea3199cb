/// Outcome of ``CoarseSearch``: the candidate lags where the full-overlap correlation peaks, and
/// how clearly.
struct CoarseEstimate: Sendable {
    /// One distinct peak (candidates are ≥ 100 ms and ≥ 3 box widths apart).
    struct Candidate: Sendable {
        /// Lag (coarse-rate samples); offset = lag / rate.
        var lagSamples: Double
        /// Robust z-score at the chosen scale.
        var z: Double
    }

    /// Candidates, strongest first: the top peak, then up to two more at ≥ half its height.
    var candidates: [Candidate]
    /// Coarse sample rate (Hz).
    var rate: Double
    /// Robust z-score of the top peak at the chosen scale.
    var z: Double
    /// Robust z-score of the plain (scale 0) correlation peak.
    var plainZ: Double
    /// Half-width (coarse samples) of the energy box that gave the best z; 0 = the plain peak.
    var scale: Int
    /// Plain correlation over the whole search range, max-|c| pooled to ≤ 600 points.
    var overview: [Float]
    /// Lag (ms) of `overview[0]` and spacing (ms) of the overview points.
    var overviewStartMs: Double
    var overviewStepMs: Double
}
