import Foundation

/// The body of `POST /v1/analysis/sync`, in seed 002's field names.
package struct SyncAnalysisRequest: Sendable, Codable, Equatable {
    package var masterFile: String?
    package var dubFile: String?
    package var methods: [String]?
    package var aiModel: String?
    package var confidenceThreshold: Double?
    package var maxOffsetSeconds: Double?
    package var analysisOptions: Options?

    package struct Options: Sendable, Codable, Equatable {
        package var enableQualityMetrics: Bool?
        package var enableDetailedReport: Bool?
        package var frameRate: Double?
        package var windowSize: Double?

        enum CodingKeys: String, CodingKey {
            case enableQualityMetrics = "enable_quality_metrics", enableDetailedReport = "enable_detailed_report"
            case frameRate = "frame_rate", windowSize = "window_size"
        }
    }

    enum CodingKeys: String, CodingKey {
        case masterFile = "master_file", dubFile = "dub_file", methods, aiModel = "ai_model"
        case confidenceThreshold = "confidence_threshold", maxOffsetSeconds = "max_offset_seconds", analysisOptions = "analysis_options"
    }

    package init(masterFile: String?, dubFile: String?, methods: [String]? = nil, confidenceThreshold: Double? = nil, maxOffsetSeconds: Double? = nil) {
        self.masterFile = masterFile
        self.dubFile = dubFile
        self.methods = methods
        self.confidenceThreshold = confidenceThreshold
        self.maxOffsetSeconds = maxOffsetSeconds
    }
}
