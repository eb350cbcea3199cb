import Foundation
import Logging
import RelayAPI
import RelayMedia

extension CaptureService {
    /// Session-relative exposure (``SessionExposure``), as the agent judges it: after each image of a
    /// session is processed, every processed image not judged against its session yet (too few
    /// neighbours until now) is compared with its neighbours by angle (spins only) and its `qc` gets the offset (once) and the verdict: a frame 1.5 EV darker than the
    /// rest of its spin fails exposure with its angle in the reason. Runs again harmlessly (a judged frame keeps
    /// its verdict); two workers finishing frames of one session at once each see the other's result
    /// or not, and a frame judged by neither is judged after the next.
    func judgeSessionExposure(sessionId: UUID, logger: Logger) async throws {
        let decoder = JSONDecoder(), encoder = JSONEncoder()
        let images = try await repository.images(sessionId: sessionId, status: nil)
            .filter { $0.status == .processed || $0.status == .published }
        let judged: [(image: ImageRecord, qc: QCResult)] = images.compactMap { image in
            guard let data = try? encoder.encode(image.qc), let qc = try? decoder.decode(QCResult.self, from: data) else { return nil }
            return (image, qc)
        }
        let verdicts = SessionExposure.judge(
            judged.map { .init(id: $0.image.id.uuidString, angle: $0.image.angleDeg, qc: $0.qc) },
            thresholds: QCThresholds())
        for (image, qc) in judged {
            guard let result = verdicts[image.id.uuidString] else { continue }
            guard let object = try? decoder.decode([String: JSONValue].self, from: encoder.encode(result)) else { continue }
            if try await repository.updateImageQC(id: image.id, qc: object), result.status != qc.status {
                logger.info("image failed exposure against its session", metadata: [
                    "image_id": "\(image.id)", "session_id": "\(sessionId)", "reason": "\(result.exposure.reason ?? "")",
                ])
            }
        }
    }
}
