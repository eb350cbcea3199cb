import Foundation

/// Debug artifact: an SVG of one camera's correlation — top, ±50 ms around the chosen peak at the
/// analysis rate (the refined peak marked); bottom, the coarse correlation over the whole search
/// range (the chosen offset marked). Typically 15–25 KB, always < 50 KB (≤ 800 points per panel,
/// one decimal).
package enum CorrelationPlot {
    /// The plot for `camera` of `analysis`, or nil when no trace was kept.
    package static func svg(analysis: SyncAnalysis, camera: String) -> String? {
        guard let trace = analysis.traces[camera] else { return nil }
        let detail = analysis.cameras[camera]
        var title = "\(camera) vs \(analysis.masterLabel): offset \(format(trace.offsetMs, 3)) ms at overlap start"
        if let detail {
            if abs(detail.driftPPM) >= 0.5 { title += ", drift \(format(detail.driftPPM, 1)) ppm" }
            title += ", \(detail.classification), confidence \(format(detail.confidence, 2))"
        }
        return svg(trace: trace, title: title)
    }

    /// The plot of `trace`.
    package static func svg(trace: CorrelationTrace, title: String = "", width: Int = 760, height: Int = 420) -> String {
        let w = Double(width), panelHeight = (Double(height) - 82) / 2
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
            + "viewBox=\"0 0 \(width) \(height)\" font-family=\"sans-serif\" font-size=\"11\">\n"
        out += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        out += "<text x=\"10\" y=\"16\" font-size=\"13\">\(escape(title))</text>\n"
        // Fine panel: lags relative to the strongest window's refined peak.
        out += panel(values: trace.fine, startMs: trace.fineStartMs - trace.finePeakMs, stepMs: trace.fineStepMs, marker: 0,
                     label: "fine correlation (analysis rate) of the strongest window, ms from its refined peak at "
                         + "\(format(trace.finePeakMs, 3)) ms", unit: "ms", top: 28, height: panelHeight, width: w)
        // Overview: |c|, so a peak reads as a peak whatever its sign.
        out += panel(values: trace.overview.map { abs($0) }, startMs: trace.overviewStartMs / 1000, stepMs: trace.overviewStepMs / 1000,
                     marker: trace.offsetMs / 1000, label: "coarse |correlation| over the whole search range (max per point), lag in s",
                     unit: "s", top: 28 + panelHeight + 34, height: panelHeight, width: w)
        out += "</svg>\n"
        return out
    }

    /// One panel; `startMs`/`stepMs`/`marker` are in the panel's own x unit (`unit`).
    private static func panel(values: [Float], startMs: Double, stepMs: Double, marker: Double, label: String, unit: String,
                              top: Double, height: Double, width: Double) -> String {
        let left = 50.0, right = width - 10, plotTop = top + 14, bottom = top + height
        var out = "<text x=\"\(left)\" y=\"\(format(top + 10, 1))\">\(escape(label))</text>\n"
        out += "<rect x=\"\(left)\" y=\"\(format(plotTop, 1))\" width=\"\(format(right - left, 1))\" "
            + "height=\"\(format(bottom - plotTop, 1))\" fill=\"none\" stroke=\"#999\"/>\n"
        guard !values.isEmpty else { return out }
        let stride = max(1, values.count / 800)
        let samples = Swift.stride(from: 0, to: values.count, by: stride).map { (i: $0, v: Double(values[$0])) }
        let low = min(0, samples.map(\.v).min() ?? 0), high = max(1e-9, samples.map(\.v).max() ?? 1)
        let endMs = startMs + stepMs * Double(values.count - 1)
        func x(_ ms: Double) -> Double { left + (ms - startMs) / max(endMs - startMs, 1e-9) * (right - left) }
        func y(_ v: Double) -> Double { bottom - (v - low) / (high - low) * (bottom - plotTop) }
        let points = samples.map { "\(format(x(startMs + Double($0.i) * stepMs), 1)),\(format(y($0.v), 1))" }
        out += "<line x1=\"\(left)\" y1=\"\(format(y(0), 1))\" x2=\"\(right)\" y2=\"\(format(y(0), 1))\" stroke=\"#ccc\"/>\n"
        out += "<polyline fill=\"none\" stroke=\"#1f5fbf\" stroke-width=\"1\" points=\"\(points.joined(separator: " "))\"/>\n"
        if marker >= startMs && marker <= endMs {
            out += "<line x1=\"\(format(x(marker), 1))\" y1=\"\(format(plotTop, 1))\" x2=\"\(format(x(marker), 1))\" "
                + "y2=\"\(format(bottom, 1))\" stroke=\"#d62728\" stroke-dasharray=\"4 3\"/>\n"
        }
        for k in 0...4 {
            let value = startMs + (endMs - startMs) * Double(k) / 4
            let anchor = k == 0 ? "start" : k == 4 ? "end" : "middle"
            out += "<text x=\"\(format(x(value), 1))\" y=\"\(format(bottom + 13, 1))\" text-anchor=\"\(anchor)\">"
                + "\(format(value, 1)) \(unit)</text>\n"
        }
        out += "<text x=\"\(left - 4)\" y=\"\(format(plotTop + 8, 1))\" text-anchor=\"end\">\(format(high, 2))</text>\n"
        return out
    }

    private static func format(_ v: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", v) }

    private static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
