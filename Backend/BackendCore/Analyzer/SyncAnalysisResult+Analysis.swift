import Foundation
import RelayAPI
import RelaySync

extension SyncAnalysisResult {
    package static let signConvention = "offset_seconds = t_dub - t_master for the same sound; positive: the dub is late, trim its start by offset_seconds"

    /// The result of `analysis` for a request with `threshold`.
    package init(
        _ analysis: MultiMethodAnalysis, requested: [SyncMethod], threshold: Double, masterSeconds: Double, dubSeconds: Double,
        processingSeconds: Double
    ) {
        let primary = analysis.primary
        let round = { (value: Double, scale: Double) in (value * scale).rounded() / scale }
        let offset = round(primary.offsetSeconds ?? 0, 1_000_000)
        let classification = primary.offsetSeconds == nil ? SyncClassification.noMatch.rawValue : primary.classification
        let entries = analysis.results.map { result in
            let agrees = result.offsetSeconds.map { value in
                abs(value - (primary.offsetSeconds ?? .nan)) * 1000 <= SyncMethod.agreementToleranceMs(result.resolutionMs, primary.resolutionMs)
            } ?? false
            return MethodEntry(
                method: result.method.rawValue, offsetSeconds: result.offsetSeconds.map { round($0, 1_000_000) },
                confidence: round(result.confidence, 1000), resolutionMs: result.resolutionMs, classification: result.classification,
                agreesWithPrimary: agrees, processingTimeSeconds: round(result.processingSeconds, 1000))
        }
        self.init(
            offsetSeconds: offset, confidence: round(primary.confidence, 1000),
            qualityScore: round(primary.confidence * (0.7 + 0.3 * analysis.agreement), 1000), methodUsed: primary.method.displayName,
            analysisMethods: requested.map(\.rawValue),
            recommendations: Self.recommendations(
                confidence: primary.confidence, threshold: threshold, agreement: analysis.agreement, classification: classification,
                offset: offset, drift: primary.driftPPM, methods: analysis.results.count),
            technicalDetails: TechnicalDetails(
                allMethods: requested.map(\.rawValue), primaryMethod: primary.method.displayName,
                methodAgreement: round(analysis.agreement, 1000), processingTimeSeconds: round(processingSeconds, 1000),
                driftPPM: primary.driftPPM.map { round($0, 100) }, confidenceThreshold: threshold,
                masterDurationSeconds: round(masterSeconds, 1000), dubDurationSeconds: round(dubSeconds, 1000), methodResults: entries,
                signConvention: Self.signConvention),
            classification: classification,
            errorCode: primary.confidence < threshold ? APIErrorCode.insufficientConfidence.rawValue : nil)
    }

    static func recommendations(
        confidence: Double, threshold: Double, agreement: Double, classification: String, offset: Double, drift: Double?, methods: Int
    ) -> [String] {
        var notes: [String] = []
        if classification == SyncClassification.noMatch.rawValue {
            notes.append("No shared audio found - check that master and dub are the same programme")
            return notes
        }
        if confidence >= 0.8 {
            notes.append("High confidence result - offset is reliable")
        } else if confidence >= threshold {
            notes.append("Moderate confidence - check the waveforms at a few points before applying")
        } else {
            notes.append("Confidence is below the requested threshold - review manually before applying")
        }
        if methods > 1 {
            notes.append(agreement >= 0.99 ? "All methods agree on the offset" : "Methods disagree - compare the per-method results")
        }
        if let drift, abs(drift) >= 5 {
            notes.append(String(format: "Clock drift of %.1f ppm - the offset changes along the programme; resample the dub", drift))
        }
        if abs(offset) >= 0.001 { notes.append("Consider applying sync correction") } else { notes.append("Already in sync - no correction needed") }
        return notes
    }
}
