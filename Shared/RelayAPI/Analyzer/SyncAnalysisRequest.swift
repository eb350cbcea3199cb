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
    /// Componentized analyses only: the components measured against the master, and how.
    package var components: [Component]?
    package var offsetMode: String?

    /// One component of a componentized analysis (a stem, Lt/Rt, a dub's channel).
    package struct Component: Sendable, Codable, Equatable {
        package var path: String
        package var label: String?

        package init(path: String, label: String?) {
            self.path = path
            self.label = label
        }
    }

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
        case components, offsetMode = "offset_mode"
    }

    package init(masterFile: String?, dubFile: String?, methods: [String]? = nil, confidenceThreshold: Double? = nil, maxOffsetSeconds: Double? = nil) {
        self.masterFile = masterFile
        self.dubFile = dubFile
        self.methods = methods
        self.confidenceThreshold = confidenceThreshold
        self.maxOffsetSeconds = maxOffsetSeconds
    }
}
