import AgentStore
import Foundation
import RelayMedia

extension UploadStep {
    /// Session-relative exposure (``SessionExposure``): `result` (the frame's own QC) judged against the
    /// session's frames already checked; frames checked before they had enough neighbours are judged now
    /// too, once: their stored result gets the offset and the verdict (so `relay-agent status` lists a
    /// frame that fails).
    func judgeAgainstSession(_ item: UploadItem, _ result: QCResult) async throws -> QCResult {
        guard !item.isRecording, result.exposure.brightnessEV != nil else { return result }
        let others = try store.sessionPhotosWithQC(key: item.sessionKey).filter { $0.id != item.id }
        var stored: [String: (item: UploadItem, qc: QCResult)] = [:]
        for other in others {
            guard let json = other.qcJSON, let qc = try? JSONDecoder().decode(QCResult.self, from: Data(json.utf8)) else { continue }
            stored[other.id] = (other, qc)
        }
        func entry(_ x: UploadItem, _ qc: QCResult) -> SessionExposure.Entry {
            .init(id: x.id, angle: x.angleDeg, qc: qc)
        }
        let verdicts = SessionExposure.judge(
            [entry(item, result)] + stored.values.map { entry($0.item, $0.qc) }, thresholds: qc.pipeline.qualityCheck.thresholds)
        for (id, judged) in verdicts where id != item.id {
            guard let (other, before) = stored[id] else { continue }
            if judged.status != before.status {
                logger.warning("QC failed against its session: \(other.path) (angle \(other.angleDeg.map { "\($0)" } ?? "-")): \(judged.exposure.reason ?? "")")
            }
            try await store.updateQC(id: id, status: judged.status.rawValue, json: String(decoding: try JSONEncoder().encode(judged), as: UTF8.self))
        }
        return verdicts[item.id] ?? result
    }
}
