import Foundation

/// Measures one pair — a reference (the master) and another recording — end to end: coarse
/// full-overlap search, windowed verification of each coarse candidate, drift line, confidence.
struct PairAligner {
    let configuration: SyncConfiguration

    struct Result {
        var detail: CameraSyncDetail
        var trace: CorrelationTrace?
    }

    /// One coarse candidate after the windowed stage.
    private struct Evaluation {
        var windows: [SyncWindowMeasurement]
        var fit: ClockDriftFit?
        var lineZ: Double
        /// Mean per-window z at the line: how well the line explains each window on average.
        var meanZ: Double
        var interceptMs: Double
        var slope: Double
        var polarity: Double
        var refined: WindowRefinement.Output
    }

    func measure(reference: PreparedTrack, other: PreparedTrack, centerSeconds: Double) -> Result {
        let config = configuration
        let coarseRate = Double(config.coarseRate)
        guard let coarse = CoarseSearch.run(
            reference: reference.coarse, other: other.coarse, rate: coarseRate, centerSeconds: centerSeconds,
            rangeSeconds: config.effectiveSearchRange, lowHz: config.bandLowHz,
            highHz: min(config.coarseBandHighHz, 0.425 * coarseRate), maxDriftPPM: config.maxDriftPPM,
            blockwise: reference.isStreamed || other.isStreamed),
            !coarse.candidates.isEmpty
        else { return Result(detail: Self.noOverlap(), trace: nil) }

        // Candidate choice: among candidates whose joint support is significant, the one that
        // explains each window best (highest mean z) — a wrong repetition of a periodic scene can
        // gather support from more windows, but each matches less. Otherwise the best-supported one.
        let evaluations = coarse.candidates.map { evaluate($0, coarse: coarse, reference: reference, other: other) }
        let eligible = evaluations.indices.filter { evaluations[$0].lineZ >= ConfidenceCalibration.candidateEligibleZ }
        let chosen = eligible.max { evaluations[$0].meanZ < evaluations[$1].meanZ }
            ?? evaluations.indices.max { evaluations[$0].lineZ < evaluations[$1].lineZ }!
        let best = evaluations[chosen]
        // Ambiguity: the best other (distinct) candidate, by the weaker of its two ratios.
        let ambiguity = evaluations.indices
            .filter { $0 != chosen && (abs(evaluations[$0].interceptMs - best.interceptMs) > 50 || abs(evaluations[$0].slope - best.slope) > 0.05) }
            .map { min(max(0, evaluations[$0].lineZ) / max(best.lineZ, 1e-9), max(0, evaluations[$0].meanZ) / max(best.meanZ, 1e-9)) }
            .max() ?? 0

        // Report at the start of the overlap (master clock).
        let intercept = best.interceptMs, slope = best.slope
        var overlapStart = max(0, -intercept / 1000)
        // With drift the camera's first sample is at master time t where intercept + slope·t = −t·1000.
        if slope != 0, intercept < 0 { overlapStart = max(0, -intercept / (1000 + slope)) }
        let overlapEnd = min(reference.duration, (other.duration * 1000 - intercept) / (1000 + slope))
        let offsetAtStart = intercept + slope * overlapStart

        let windows = best.windows
        let agreeing = windows.filter(\.inlier).count
        let confirmed = windows.filter { $0.inlier && $0.peakZ >= ConfidenceCalibration.windowConfirmZ }.count
        let supporting = windows.filter { $0.lineZ >= ConfidenceCalibration.windowSupportZ }.count
        let verdict = ConfidenceCalibration.assess(.init(
            lineZ: best.lineZ, windowsUsed: windows.count, windowsAgreeing: agreeing, windowsSupporting: supporting,
            windowsConfirmed: confirmed, ambiguity: ambiguity))
        let detail = CameraSyncDetail(
            offsetMs: offsetAtStart, offsetAtMasterStartMs: intercept, overlapStartSeconds: overlapStart,
            overlapSeconds: max(0, overlapEnd - overlapStart), driftPPM: slope * 1000,
            driftStandardErrorPPM: (best.fit?.slopeStandardError ?? 0) * 1000, confidence: verdict.confidence,
            classification: verdict.classification.rawValue, reason: verdict.reason, coarseZ: coarse.z,
            coarsePlainZ: coarse.plainZ, coarseBoxMs: Double(coarse.scale) / coarseRate * 1000,
            coarseOffsetMs: coarse.candidates[chosen].lagSamples / coarseRate * 1000, lineZ: best.lineZ,
            ambiguity: ambiguity, candidatesTried: evaluations.count, polarityInverted: best.polarity < 0,
            windowsUsed: windows.count, windowsAgreeing: agreeing, windowsSupporting: supporting, windowsConfirmed: confirmed,
            residualRMSMs: best.fit?.residualRMSMs ?? 0, windows: windows)
        guard config.includeCorrelationTraces else { return Result(detail: detail, trace: nil) }
        let strongest = windows.max { $0.peakZ < $1.peakZ }
        let trace = CorrelationTrace(
            fineStartMs: best.refined.fineTraceStartMs, fineStepMs: best.refined.fineTraceStepMs, fine: best.refined.fineTrace,
            finePeakMs: strongest?.offsetMs ?? offsetAtStart, overviewStartMs: coarse.overviewStartMs,
            overviewStepMs: coarse.overviewStepMs, overview: coarse.overview, offsetMs: offsetAtStart)
        return Result(detail: detail, trace: trace)
    }

    /// Windows around one coarse candidate, the robust line through them and its joint support.
    private func evaluate(_ candidate: CoarseEstimate.Candidate, coarse: CoarseEstimate,
                          reference: PreparedTrack, other: PreparedTrack) -> Evaluation {
        let config = configuration
        let rate = Double(config.analysisRate)
        let offset = candidate.lagSamples / coarse.rate
        let overlap = max(0, min(reference.duration, -offset + other.duration) - max(0, -offset))
        // Search ± (box + largest drift over the overlap + 10 ms) around the candidate.
        let searchSeconds = min(config.effectiveSearchRange,
                                Double(coarse.scale + 2) / coarse.rate + config.maxDriftPPM * 1e-6 * overlap + 0.010)
        let refined = WindowRefinement.run(reference: reference.analysis, other: other.analysis, rate: rate,
                                           offsetSeconds: offset, searchSeconds: searchSeconds, configuration: config)
        var windows = refined.windows
        let fit = ClockDriftFit.fit(
            times: windows.map(\.masterTimeSeconds), offsetsMs: windows.map(\.offsetMs),
            weights: windows.map { min($0.peakZ, 100) * min($0.peakZ, 100) },
            toleranceMs: config.inlierToleranceMs, maxSlope: config.maxDriftPPM * 1e-3)
        if let fit { for k in windows.indices { windows[k].inlier = fit.inliers[k] } }
        let intercept = fit?.interceptMs ?? offset * 1000, slope = fit?.slope ?? 0
        let signs = zip(windows, refined.correlations).filter { $0.0.inlier }.map { $0.1.peakSign }
        let polarity: Double = signs.reduce(0, +) < 0 ? -1 : 1
        let support = LineSupport.evaluate(interceptMs: intercept, slope: slope, windows: windows,
                                           correlations: refined.correlations, rate: rate, polarity: polarity)
        for k in windows.indices { windows[k].lineZ = support.perWindow[k] }
        let meanZ = support.perWindow.isEmpty ? 0 : support.perWindow.reduce(0, +) / Double(support.perWindow.count)
        return Evaluation(windows: windows, fit: fit, lineZ: support.z, meanZ: meanZ, interceptMs: intercept, slope: slope,
                          polarity: polarity, refined: refined)
    }

    static func noOverlap() -> CameraSyncDetail {
        CameraSyncDetail(
            offsetMs: 0, offsetAtMasterStartMs: 0, overlapStartSeconds: 0, overlapSeconds: 0, driftPPM: 0,
            driftStandardErrorPPM: 0, confidence: 0, classification: SyncClassification.noMatch.rawValue,
            reason: "no possible overlap within the search range", coarseZ: 0, coarsePlainZ: 0, coarseBoxMs: 0,
            coarseOffsetMs: 0, lineZ: 0, ambiguity: 0, candidatesTried: 0, polarityInverted: false, windowsUsed: 0,
            windowsAgreeing: 0, windowsSupporting: 0, windowsConfirmed: 0, residualRMSMs: 0, windows: [])
    }
}
