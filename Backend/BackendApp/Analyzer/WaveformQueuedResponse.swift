import Foundation
import Hummingbird

/// `POST /v1/waveforms/generate-async`'s 202.
struct WaveformQueuedResponse: ResponseEncodable, Sendable {
    let success = true
    let status = "queued"
    let jobId: String
    let analysisId: String?
    let timestamp: Date

    enum CodingKeys: String, CodingKey {
        case success, status, jobId = "job_id", analysisId = "analysis_id", timestamp
    }
}
