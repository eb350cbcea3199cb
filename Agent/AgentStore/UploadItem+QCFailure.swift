import Foundation

extension UploadItem {
    /// The reasons of the QC parts that failed (a passing part may carry a note), from `qcJSON`; nil when
    /// none failed or QC has not run.
    package var qcFailureReason: String? {
        guard let qcJSON, let qc = try? JSONDecoder().decode(QCReasons.self, from: Data(qcJSON.utf8)) else { return nil }
        let failed = [qc.sharpness, qc.exposure].compactMap { $0 }.filter { $0.status == "fail" }.compactMap(\.reason)
        return failed.isEmpty ? nil : failed.joined(separator: "; ")
    }
}

/// The members of a stored QC result that say why it failed.
private struct QCReasons: Decodable {
    struct Part: Decodable {
        var status: String?
        var reason: String?
    }
    var sharpness: Part?
    var exposure: Part?
}
