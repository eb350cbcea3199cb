/// One method's own answer within a ``MultiMethodAnalysis``.
package struct MethodResult: Sendable, Codable, Equatable {
    package var method: SyncMethod
    /// `t_dub − t_master`, seconds; `nil` when the method found nothing to correlate (silence).
    package var offsetSeconds: Double?
    package var confidence: Double
    /// Resolution before sub-frame refinement, ms.
    package var resolutionMs: Double
    /// Clock drift (ppm), measured by the GCC-PHAT engine only.
    package var driftPPM: Double?
    /// ``SyncClassification`` raw value for the GCC-PHAT engine; for the feature methods derived from
    /// their confidence (≥ 0.5 looks good, ≥ 0.15 review, else no match).
    package var classification: String
    package var processingSeconds: Double

    package init(
        method: SyncMethod, offsetSeconds: Double?, confidence: Double, resolutionMs: Double, driftPPM: Double?,
        classification: String, processingSeconds: Double
    ) {
        self.method = method
        self.offsetSeconds = offsetSeconds
        self.confidence = confidence
        self.resolutionMs = resolutionMs
        self.driftPPM = driftPPM
        self.classification = classification
        self.processingSeconds = processingSeconds
    }
}
