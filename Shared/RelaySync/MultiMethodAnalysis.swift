import Foundation

/// Runs the requested ``SyncMethod``s on one master/dub pair and chooses the answer.
///
/// The primary method is the GCC-PHAT engine when it was requested and matched (it is the most precise
/// and its confidence is calibrated); otherwise the method with the highest confidence. `agreement` is
/// the fraction of the *other* methods with an estimate that lie within
/// ``SyncMethod/agreementToleranceMs(_:_:)`` of the primary (1 when it ran alone); `spectral` and
/// `xcorr` share one run and count once.
package struct MultiMethodAnalysis: Sendable, Codable, Equatable {
    package var results: [MethodResult]
    package var primary: MethodResult
    package var agreement: Double
    /// The GCC-PHAT engine's full analysis (label `dub` against `master`, with its correlation trace for
    /// ``CorrelationPlot``) when `spectral` or `xcorr` ran.
    package var engine: SyncAnalysis?

    /// Analyses `dub` against `master`. `progress` gets 0…1 after each method.
    package static func run(
        master: AudioTrack, dub: AudioTrack, methods: [SyncMethod], maxOffsetSeconds: Double,
        progress: (@Sendable (Double) -> Void)? = nil
    ) throws -> MultiMethodAnalysis {
        let requested = methods.isEmpty ? [SyncMethod.spectral] : methods
        var results: [MethodResult] = []
        var engineResult: MethodResult?
        var engine: SyncAnalysis?
        for (index, method) in requested.enumerated() {
            defer { progress?(Double(index + 1) / Double(requested.count)) }
            let started = ContinuousClock.now
            switch method {
            case .spectral, .xcorr:
                if let shared = engineResult {
                    var copy = shared
                    copy.method = method
                    results.append(copy)
                    continue
                }
                let configuration = SyncConfiguration(searchRangeSeconds: min(max(maxOffsetSeconds, 1), SyncConfiguration.maximumSearchRangeSeconds))
                let analysis = try SyncEngine(configuration: configuration).analyze(master: master, masterLabel: "master", cameras: ["dub": dub])
                engine = analysis
                guard let detail = analysis.cameras["dub"] else { throw SyncError.invalidConfiguration("the engine returned no measurement") }
                let result = MethodResult(
                    method: method, offsetSeconds: detail.offsetMs / 1000, confidence: detail.confidence,
                    resolutionMs: 1000 / Double(configuration.analysisRate), driftPPM: detail.driftPPM, classification: detail.classification,
                    processingSeconds: seconds(since: started))
                engineResult = result
                results.append(result)
            case .onset:
                let estimate = OnsetEstimator().estimate(reference: master, other: dub, maxOffsetSeconds: maxOffsetSeconds)
                results.append(featureResult(method, estimate, resolutionMs: 1000.0 * Double(OnsetEstimator.hop) / Double(OnsetEstimator.sampleRate), started))
            case .mfcc:
                let estimate = MFCCEstimator().estimate(reference: master, other: dub, maxOffsetSeconds: maxOffsetSeconds)
                results.append(featureResult(method, estimate, resolutionMs: 1000.0 * Double(MFCCEstimator.hop) / Double(MFCCEstimator.sampleRate), started))
            }
        }
        let primary = choosePrimary(results)
        return MultiMethodAnalysis(results: results, primary: primary, agreement: agreement(primary: primary, results: results), engine: engine)
    }

    static func choosePrimary(_ results: [MethodResult]) -> MethodResult {
        if let engine = results.first(where: { ($0.method == .spectral || $0.method == .xcorr) && $0.classification != SyncClassification.noMatch.rawValue }) {
            return engine
        }
        return results.max { ($0.offsetSeconds == nil ? -1 : $0.confidence) < ($1.offsetSeconds == nil ? -1 : $1.confidence) }!
    }

    static func agreement(primary: MethodResult, results: [MethodResult]) -> Double {
        let isEngine = { (m: SyncMethod) in m == .spectral || m == .xcorr }
        let others = results.filter { isEngine(primary.method) ? !isEngine($0.method) : $0.method != primary.method }
        let measured = others.filter { $0.offsetSeconds != nil }
        guard let offset = primary.offsetSeconds, !others.isEmpty else { return 1 }
        let agreeing = measured.filter { other in
            abs(other.offsetSeconds! - offset) * 1000 <= SyncMethod.agreementToleranceMs(other.resolutionMs, primary.resolutionMs)
        }
        return Double(agreeing.count) / Double(others.count)
    }

    static func featureResult(_ method: SyncMethod, _ estimate: FeatureEstimate?, resolutionMs: Double, _ started: ContinuousClock.Instant) -> MethodResult {
        let confidence = estimate?.confidence ?? 0
        let classification: SyncClassification = estimate == nil || confidence < 0.15 ? .noMatch : confidence < 0.5 ? .reviewSuggested : .looksGood
        return MethodResult(
            method: method, offsetSeconds: estimate.map { $0.offsetMs / 1000 }, confidence: confidence, resolutionMs: resolutionMs,
            driftPPM: nil, classification: classification.rawValue, processingSeconds: seconds(since: started))
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
