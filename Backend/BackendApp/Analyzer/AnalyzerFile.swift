import Hummingbird
import Foundation

/// One file in a listing, upload or validation answer (seed 002's `files[]` / `file_info`).
struct AnalyzerFile: ResponseEncodable, Sendable {
    let id: String
    let name: String
    let path: String
    let type: String
    let size: Int64
    let `extension`: String
    let createdAt: Date?
    let modifiedAt: Date?
    let durationSeconds: Double?
    let sampleRate: Int?
    let bitDepth: Int?
    let channels: Int?
    let audioCodec: String?
    let description: String?
    let tags: [String]?

    enum CodingKeys: String, CodingKey {
        case id, name, path, type, size, `extension`, createdAt = "created_at", modifiedAt = "modified_at"
        case durationSeconds = "duration_seconds", sampleRate = "sample_rate", bitDepth = "bit_depth", channels
        case audioCodec = "audio_codec", description, tags
    }
}
