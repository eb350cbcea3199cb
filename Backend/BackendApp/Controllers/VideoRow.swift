import BackendCore
import Hummingbird
import Foundation

/// A row of `GET /v1/videos` (seed 003's camelCase names).
struct VideoRow: Codable, Sendable, Equatable, ResponseEncodable {
    let videoId: String
    let state: String
    let fileName: String
    let sizeBytes: Int64
    /// Null until ffprobe has read the file.
    let durationSeconds: Double?
    let width: Int?
    let height: Int?
    /// Why it failed, for FAILED videos.
    let failureReason: String?
    let createdAt: Date
    let updatedAt: Date

    init(_ video: VideoRecord) {
        videoId = video.id.uuidString.lowercased()
        state = video.state.rawValue
        fileName = video.fileName
        sizeBytes = video.sizeBytes
        durationSeconds = video.metadata?.durationSeconds
        width = video.metadata?.width
        height = video.metadata?.height
        failureReason = video.failureReason
        createdAt = video.createdAt
        updatedAt = video.updatedAt
    }

    // Members without a value are sent as `null`, not left out.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(videoId, forKey: .videoId)
        try container.encode(state, forKey: .state)
        try container.encode(fileName, forKey: .fileName)
        try container.encode(sizeBytes, forKey: .sizeBytes)
        try container.encode(durationSeconds, forKey: .durationSeconds)
        try container.encode(width, forKey: .width)
        try container.encode(height, forKey: .height)
        try container.encode(failureReason, forKey: .failureReason)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}
