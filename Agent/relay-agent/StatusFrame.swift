import Foundation

/// The body `status --watch` refreshes and the local status page shows: the report, then each recording
/// in flight with its upload rate and the time left at that rate.
enum StatusFrame {
    static func text(_ report: StatusReport, rates: inout TransferRates, at now: Date) -> String {
        let speeds = rates.update(report.transfers, at: now)
        var lines = [report.text]
        for transfer in report.transfers {
            lines.append("  \(URL(fileURLWithPath: transfer.file).lastPathComponent): \(TransferRates.text(rate: speeds[transfer.file], transfer: transfer))")
        }
        return lines.joined(separator: "\n")
    }
}
