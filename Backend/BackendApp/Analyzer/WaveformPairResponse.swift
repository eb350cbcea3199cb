import BackendCore
import Foundation
import Hummingbird

/// Seed 002's waveforms of an analysis (or of the files given): `master` and `dub`.
struct WaveformPairResponse: ResponseEncodable, Sendable {
    let success = true
    let analysisId: String?
    let master: Waveform
    let dub: Waveform?
    let generatedAt: Date

    enum CodingKeys: String, CodingKey {
        case success, analysisId = "analysis_id", master, dub, generatedAt = "generated_at"
    }
}
