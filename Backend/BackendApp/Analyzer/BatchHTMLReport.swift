import BackendCore
import Foundation

/// The detailed batch report: one self-contained HTML page (no script, no external resource) with the
/// summary, and for each pair its result, every method's own answer, both waveforms (the dub drawn
/// shifted by the offset found, so aligned material lines up) and the engine's correlation plot.
enum BatchHTMLReport {
    struct Pair {
        let item: BatchItemView
        let master: Waveform?
        let dub: Waveform?
        let plotSVG: String?
    }

    /// The strict policy the report is served with: inline styles and SVG only.
    static let contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

    static func html(batch: AnalysisBatchRecord, summary: BatchSummary, pairs: [Pair], generatedAt: Date) -> String {
        var out = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Batch \(escape(batch.id))</title>
            <style>
            body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#111}table{border-collapse:collapse;margin:.5em 0}
            td,th{border:1px solid #999;padding:.25em .6em;text-align:left}th{background:#eee}
            section{border-top:2px solid #333;margin-top:2em;padding-top:.5em}.bad{color:#a00}.ok{color:#060}
            svg{display:block;max-width:100%;height:auto}
            </style></head><body>
            <h1>Audio sync batch \(escape(batch.id))</h1>
            <p>\(escape(batch.description ?? ""))</p>
            <table><tr><th>Status</th><td>\(escape(batch.status.rawValue))</td></tr>
            <tr><th>Items</th><td>\(summary.itemsTotal) (completed \(summary.itemsCompleted), failed \(summary.itemsFailed), cancelled \(summary.itemsCancelled))</td></tr>
            <tr><th>Average confidence</th><td>\(summary.averageConfidence.map { format($0, 3) } ?? "–")</td></tr>
            <tr><th>Processing time</th><td>\(summary.processingTimeSeconds.map { format($0, 1) + " s" } ?? "–")</td></tr>
            <tr><th>Generated</th><td>\(escape(generatedAt.formatted(.iso8601)))</td></tr></table>
            <p>Offsets are t<sub>dub</sub> − t<sub>master</sub> for the same sound: positive means the dub is late; trim its start by that much.</p>

            """
        for pair in pairs {
            let item = pair.item
            out += "<section id=\"\(escape(item.itemId))\"><h2>\(escape(item.itemId)) (line \(item.line)): \(escape(item.status))</h2>\n"
            if let description = item.description { out += "<p>\(escape(description))</p>" }
            out += "<table><tr><th>Master</th><td>\(escape(item.masterFile))</td></tr><tr><th>Dub</th><td>\(escape(item.dubFile))</td></tr>"
            if let result = item.result {
                let verdict = result.classification == "looks-good" && result.errorCode == nil ? "ok" : "bad"
                out += "<tr><th>Offset</th><td>\(format(result.offsetSeconds * 1000, 3)) ms</td></tr>"
                out += "<tr><th>Confidence</th><td class=\"\(verdict)\">\(format(result.confidence, 3)) (\(escape(result.classification)))</td></tr>"
                out += "<tr><th>Method</th><td>\(escape(result.methodUsed)); agreement \(format(result.technicalDetails.methodAgreement, 2))</td></tr>"
                if let drift = result.technicalDetails.driftPPM { out += "<tr><th>Drift</th><td>\(format(drift, 2)) ppm</td></tr>" }
                out += "</table>\n<table><tr><th>Method</th><th>Offset (ms)</th><th>Confidence</th><th>Resolution (ms)</th><th>Agrees</th></tr>"
                for method in result.technicalDetails.methodResults {
                    out += "<tr><td>\(escape(method.method))</td><td>\(method.offsetSeconds.map { format($0 * 1000, 3) } ?? "–")</td>"
                    out += "<td>\(format(method.confidence, 3))</td><td>\(format(method.resolutionMs, 3))</td><td>\(method.agreesWithPrimary ? "yes" : "no")</td></tr>"
                }
                out += "</table>\n"
                out += waveformsSVG(master: pair.master, dub: pair.dub, offsetSeconds: result.offsetSeconds)
            } else {
                out += "<tr><th>Error</th><td class=\"bad\">\(escape(item.errorMessage ?? item.errorCode ?? "no result"))</td></tr></table>\n"
            }
            if let plot = pair.plotSVG, plot.hasPrefix("<svg") { out += "<h3>Correlation</h3>\n" + plot + "\n" }
            out += "</section>\n"
        }
        return out + "</body></html>\n"
    }

    /// Master above, dub below on one time axis, the dub shifted left by the offset; peaks as bars.
    static func waveformsSVG(master: Waveform?, dub: Waveform?, offsetSeconds: Double) -> String {
        guard let master, let dub, master.duration > 0, dub.duration > 0 else { return "" }
        let start = min(0, -offsetSeconds), end = max(master.duration, dub.duration - offsetSeconds)
        let width = 900.0, lane = 70.0, span = max(end - start, 0.001)
        func bars(_ wave: Waveform, shift: Double, top: Double, colour: String) -> String {
            var path = ""
            let step = wave.duration / Double(max(1, wave.peaks.count))
            for (index, peak) in wave.peaks.enumerated() {
                let x = (Double(index) * step - shift - start) / span * width
                let h = Double(peak) * lane / 2
                path += "M\(format(x, 1)) \(format(top + lane / 2 - h, 1))v\(format(max(0.5, 2 * h), 1))"
            }
            return "<path d=\"\(path)\" stroke=\"\(colour)\" stroke-width=\"1\" fill=\"none\"/>"
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(2 * lane + 30))" viewBox="0 0 \(Int(width)) \(Int(2 * lane + 30))" font-size="11" font-family="sans-serif">
            <rect width="100%" height="100%" fill="white"/>
            <text x="4" y="12">master \(escape(master.sourceName)) (\(format(master.duration, 2)) s)</text>
            \(bars(master, shift: 0, top: 14, colour: "#1f4e9a"))
            <text x="4" y="\(Int(lane + 26))">dub \(escape(dub.sourceName)) shifted by \(format(offsetSeconds * 1000, 1)) ms</text>
            \(bars(dub, shift: offsetSeconds, top: lane + 28, colour: "#b5541c"))
            </svg>

            """
    }

    static func format(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }
}
