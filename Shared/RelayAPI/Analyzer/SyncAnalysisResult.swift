import Foundation

/// Seed 002's `result` of a sync analysis, plus what an editor needs to trust it.
///
/// `offset_seconds` = `t_dub − t_master` for the same sound (seed 000's convention): positive means the
/// sound comes later in the dub, so trimming the dub's first `offset_seconds` (or delaying the master)
/// aligns them.
package struct SyncAnalysisResult: Sendable, Codable, Equatable {
    package var offsetSeconds: Double
    package var confidence: Double
    /// `confidence × (0.7 + 0.3 × method_agreement)`: a confident answer the other methods back scores highest.
    package var qualityScore: Double
    package var methodUsed: String
    package var analysisMethods: [String]
    package var recommendations: [String]
    package var technicalDetails: TechnicalDetails
    /// `looks-good`, `review-suggested` or `no-match` (the engine's verdict on the primary method).
    package var classification: String
    /// Set when `confidence` is below the request's `confidence_threshold`: `INSUFFICIENT_CONFIDENCE`.
    package var errorCode: String?

    package struct TechnicalDetails: Sendable, Codable, Equatable {
        package var allMethods: [String]
        package var primaryMethod: String
        package var methodAgreement: Double
        package var processingTimeSeconds: Double
        package var driftPPM: Double?
        package var confidenceThreshold: Double
        package var masterDurationSeconds: Double
        package var dubDurationSeconds: Double
        package var methodResults: [MethodEntry]
        package var signConvention: String

        package init(
            allMethods: [String], primaryMethod: String, methodAgreement: Double, processingTimeSeconds: Double, driftPPM: Double?,
            confidenceThreshold: Double, masterDurationSeconds: Double, dubDurationSeconds: Double, methodResults: [MethodEntry],
            signConvention: String
        ) {
            self.allMethods = allMethods
            self.primaryMethod = primaryMethod
            self.methodAgreement = methodAgreement
            self.processingTimeSeconds = processingTimeSeconds
            self.driftPPM = driftPPM
            self.confidenceThreshold = confidenceThreshold
            self.masterDurationSeconds = masterDurationSeconds
            self.dubDurationSeconds = dubDurationSeconds
            self.methodResults = methodResults
            self.signConvention = signConvention
        }

        enum CodingKeys: String, CodingKey {
            case allMethods = "all_methods", primaryMethod = "primary_method", methodAgreement = "method_agreement"
            case processingTimeSeconds = "processing_time_seconds", driftPPM = "drift_ppm", confidenceThreshold = "confidence_threshold"
            case masterDurationSeconds = "master_duration_seconds", dubDurationSeconds = "dub_duration_seconds"
            case methodResults = "method_results", signConvention = "sign_convention"
        }
    }

    /// One method's own answer.
    package struct MethodEntry: Sendable, Codable, Equatable {
        package var method: String
        package var offsetSeconds: Double?
        package var confidence: Double
        package var resolutionMs: Double
        package var classification: String
        package var agreesWithPrimary: Bool
        package var processingTimeSeconds: Double

        package init(
            method: String, offsetSeconds: Double?, confidence: Double, resolutionMs: Double, classification: String,
            agreesWithPrimary: Bool, processingTimeSeconds: Double
        ) {
            self.method = method
            self.offsetSeconds = offsetSeconds
            self.confidence = confidence
            self.resolutionMs = resolutionMs
            self.classification = classification
            self.agreesWithPrimary = agreesWithPrimary
            self.processingTimeSeconds = processingTimeSeconds
        }

        enum CodingKeys: String, CodingKey {
            case method, offsetSeconds = "offset_seconds", confidence, resolutionMs = "resolution_ms", classification
            case agreesWithPrimary = "agrees_with_primary", processingTimeSeconds = "processing_time_seconds"
        }
    }

    enum CodingKeys: String, CodingKey {
        case offsetSeconds = "offset_seconds", confidence, qualityScore = "quality_score", methodUsed = "method_used"
        case analysisMethods = "analysis_methods", recommendations, technicalDetails = "technical_details", classification
        case errorCode = "error_code"
    }

    package init(
        offsetSeconds: Double, confidence: Double, qualityScore: Double, methodUsed: String, analysisMethods: [String],
        recommendations: [String], technicalDetails: TechnicalDetails, classification: String, errorCode: String?
    ) {
        self.offsetSeconds = offsetSeconds
        self.confidence = confidence
        self.qualityScore = qualityScore
        self.methodUsed = methodUsed
        self.analysisMethods = analysisMethods
        self.recommendations = recommendations
        self.technicalDetails = technicalDetails
        self.classification = classification
        self.errorCode = errorCode
    }
}
