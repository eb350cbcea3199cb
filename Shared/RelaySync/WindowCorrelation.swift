/// One refinement window's correlation, kept so candidate offset lines can be scored against it.
struct WindowCorrelation: Sendable {
    /// Global lag (analysis-rate samples; `b[n + lag] ↔ a[n]`) of `values[0]`.
    var firstLag: Int
    /// Normalised PHAT correlation over the window's search range plus 32 samples either side.
    var values: [Float]
    /// Robust floor and spread of the correlation over the search range.
    var median: Double
    var sigma: Double
    /// Sign of the window's own highest peak.
    var peakSign: Double

    /// Robust z of the correlation at (fractional) global `lag`, times `polarity`; 0 outside.
    func z(atLag lag: Double, polarity: Double) -> Double {
        let x = lag - Double(firstLag)
        guard sigma > 0, x >= 25, x <= Double(values.count - 26) else { return 0 }
        let v = PeakInterpolator.interpolate(at: x) { Double(values[$0]) }
        return polarity * (v - median) / sigma
    }
}
