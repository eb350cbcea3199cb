import Foundation

/// The result of a componentized analysis: each component's own offset against the master, and whether
/// the components agree with each other (a stem set or an Lt/Rt pair should share one offset).
package struct ComponentizedResult: Sendable, Codable, Equatable {
    package var offsetMode: String
    package var components: [Entry]
    /// True when every matched component lies within `agreement_tolerance_ms` of the median.
    package var componentsAgree: Bool
    /// Largest minus smallest offset of the matched components, ms.
    package var spreadMs: Double
    package var agreementToleranceMs: Double
    /// The median offset of the matched components (seconds) — the one to apply when they agree.
    package var offsetSeconds: Double?
    /// The lowest confidence among the components.
    package var confidence: Double
    /// Labels of the components that did not match the master.
    package var unmatched: [String]
    package var processingTimeSeconds: Double
    package var errorCode: String?

    package struct Entry: Sendable, Codable, Equatable {
        package var label: String
        package var path: String
        package var result: SyncAnalysisResult

        package init(label: String, path: String, result: SyncAnalysisResult) {
            self.label = label
            self.path = path
            self.result = result
        }
    }

    enum CodingKeys: String, CodingKey {
        case offsetMode = "offset_mode", components, componentsAgree = "components_agree", spreadMs = "spread_ms"
        case agreementToleranceMs = "agreement_tolerance_ms", offsetSeconds = "offset_seconds", confidence, unmatched
        case processingTimeSeconds = "processing_time_seconds", errorCode = "error_code"
    }

    package init(
        offsetMode: String, components: [Entry], componentsAgree: Bool, spreadMs: Double, agreementToleranceMs: Double, offsetSeconds: Double?,
        confidence: Double, unmatched: [String], processingTimeSeconds: Double, errorCode: String?
    ) {
        self.offsetMode = offsetMode
        self.components = components
        self.componentsAgree = componentsAgree
        self.spreadMs = spreadMs
        self.agreementToleranceMs = agreementToleranceMs
        self.offsetSeconds = offsetSeconds
        self.confidence = confidence
        self.unmatched = unmatched
        self.processingTimeSeconds = processingTimeSeconds
        self.errorCode = errorCode
    }
}
