import BackendCore
import Foundation
import Hummingbird

/// `GET /v1/waveforms/list`: the org's cached waveforms, newest first.
struct WaveformListResponse: ResponseEncodable, Sendable {
    let success = true
    let waveforms: [Item]
    let total: Int
    let timestamp: Date

    struct Item: Encodable, Sendable {
        let sourcePath: String
        let sourceName: String
        let width: Int
        let analysisId: String?
        let bytes: Int
        let generatedAt: Date

        enum CodingKeys: String, CodingKey {
            case sourcePath = "source_path", sourceName = "source_name", width, analysisId = "analysis_id", bytes, generatedAt = "generated_at"
        }

        init(_ entry: WaveformCacheEntry) {
            sourcePath = entry.sourcePath
            sourceName = (entry.sourcePath as NSString).lastPathComponent
            width = entry.width
            analysisId = entry.analysisId
            bytes = entry.bytes
            generatedAt = entry.generatedAt
        }
    }
}
