/// How strongly the refinement windows, taken together, support one offset line.
///
/// `Z_line = Σ z_i(line) / √n` over the n usable windows, where `z_i(line)` is window i's robust
/// z-score of the correlation *at the lag the line predicts for it* (band-limited interpolation;
/// negative when the correlation there is below its floor). For a real match every window adds
/// its peak (z 5…100+) and Z_line grows with √n; for unrelated audio the line is a coincidence of
/// at most a few windows and the rest add zero-mean noise. It is the matched statistic of "this
/// offset line is real": weak windows that all agree (music at 0 dB SNR on both sides: z ≈ 6 each,
/// 16 windows → Z_line ≈ 24) count, where a per-window threshold would discard them.
enum LineSupport {
    /// Z_line and the per-window z at the line. `interceptMs`/`slope` (ms per s) describe the line on
    /// the reference clock; `rate` is the analysis rate.
    static func evaluate(interceptMs: Double, slope: Double, windows: [SyncWindowMeasurement],
                         correlations: [WindowCorrelation], rate: Double, polarity: Double) -> (z: Double, perWindow: [Double]) {
        guard !windows.isEmpty else { return (0, []) }
        var perWindow: [Double] = []
        for (window, correlation) in zip(windows, correlations) {
            let lag = (interceptMs + slope * window.masterTimeSeconds) / 1000 * rate
            perWindow.append(correlation.z(atLag: lag, polarity: polarity))
        }
        return (perWindow.reduce(0, +) / Double(perWindow.count).squareRoot(), perWindow)
    }
}
