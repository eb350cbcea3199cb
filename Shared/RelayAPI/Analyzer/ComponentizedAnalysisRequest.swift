import Foundation

/// The body of `POST /v1/analysis/componentized/async`, in seed 002's field names: one master and the
/// components to place against it.
package struct ComponentizedAnalysisRequest: Sendable, Codable, Equatable {
    package var master: String?
    package var components: [SyncAnalysisRequest.Component]?
    package var methods: [String]?
    package var aiModel: String?
    package var offsetMode: String?
    package var confidenceThreshold: Double?
    package var maxOffsetSeconds: Double?

    enum CodingKeys: String, CodingKey {
        case master, components, methods, aiModel = "ai_model", offsetMode = "offset_mode", confidenceThreshold = "confidence_threshold"
        case maxOffsetSeconds = "max_offset_seconds"
    }
}
