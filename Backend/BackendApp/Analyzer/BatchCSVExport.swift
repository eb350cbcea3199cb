import BackendCore
import Foundation

/// The CSV report of a batch: one line per item, RFC 4180 quoting, and text that a spreadsheet would
/// read as a formula (`=`, `+`, `-`, `@`, tab, CR at the start) prefixed with `'`.
enum BatchCSVExport {
    static let header = [
        "item_id", "line", "analysis_id", "master_file", "dub_file", "methods", "status", "offset_seconds", "confidence", "quality_score",
        "method_used", "classification", "method_agreement", "drift_ppm", "error_code", "error_message",
    ]

    static func text(_ items: [BatchItemView]) -> String {
        var lines = [header.joined(separator: ",")]
        for item in items {
            let result = item.result
            let fields: [String] = [
                item.itemId, "\(item.line)", item.analysisId ?? "", text(item.masterFile), text(item.dubFile), text(item.methods.joined(separator: ",")),
                item.status, result.map { "\($0.offsetSeconds)" } ?? "", result.map { "\($0.confidence)" } ?? "",
                result.map { "\($0.qualityScore)" } ?? "", text(result?.methodUsed ?? ""), result?.classification ?? "",
                result.map { "\($0.technicalDetails.methodAgreement)" } ?? "", result?.technicalDetails.driftPPM.map { "\($0)" } ?? "",
                item.errorCode ?? "", text(item.errorMessage ?? ""),
            ]
            lines.append(fields.map(quote).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// Free text, defused for spreadsheets.
    static func text(_ value: String) -> String {
        guard let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return value }
        return "'" + value
    }

    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
