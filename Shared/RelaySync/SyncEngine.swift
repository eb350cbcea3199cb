import Foundation

/// Finds every camera's audio offset (and clock drift) relative to a master recording.
///
/// Method, per camera:
/// 1. Convert to the analysis rate (8 kHz) with a zero-phase FFT resampler, then to 2 kHz.
/// 2. Coarse: band-limited GCC-PHAT over the full overlap at 2 kHz, all lags of the search range
///    through one FFT, robust z-scores, drift-tolerant energy boxes; up to 8 candidate peaks
///    (``CoarseSearch``).
/// 3. Fine, per candidate: up to 16 windows across the overlap, GCC-PHAT at 8 kHz (100–3400 Hz)
///    around the candidate, sub-sample peaks by band-limited interpolation (``WindowRefinement``);
///    a robust line through the windows' offsets gives the offset at the overlap start and the
///    drift in ppm (``ClockDriftFit``); the windows' joint support of that line scores it
///    (``LineSupport``). The candidate that explains the windows best wins — periodic scenes
///    (a steady beat) cannot pull the offset to another repetition.
/// 4. Confidence and classification from the line support (``ConfidenceCalibration``).
/// 5. With ≥ 2 cameras besides the master: direct camera-to-camera measurements and loop closure
///    (``LoopConsistency``); a camera breaking loops is listed and downgraded.
///
/// `Sendable` and stateless: one engine can serve concurrent jobs; each call runs on the caller's
/// thread (about 0.4 CPU-s per camera-hour of analysis, decode excluded).
package struct SyncEngine: Sendable {
    package let configuration: SyncConfiguration

    package init(configuration: SyncConfiguration = SyncConfiguration()) {
        self.configuration = configuration
    }

    /// Analyses `cameras` against `master`. A key equal to `masterLabel` in `cameras` is ignored.
    /// `progress` receives non-decreasing values in 0…1, ending with 1.
    package func analyze(master: AudioTrack, masterLabel: String = "master", cameras: [String: AudioTrack],
                        progress: (@Sendable (Double) -> Void)? = nil) throws -> SyncAnalysis {
        try configuration.validate()
        try Self.check(master, label: masterLabel)
        for (label, track) in cameras where label != masterLabel { try Self.check(track, label: label) }
        let labels = cameras.keys.filter { $0 != masterLabel }.sorted()
        let loopPairs = configuration.checkLoops && labels.count >= 2 ? labels.count * (labels.count - 1) / 2 : 0
        let totalUnits = Double(1 + labels.count + loopPairs) * 1.0
        var doneUnits = 0.0
        func advance(_ units: Double = 1) {
            doneUnits += units
            progress?(min(1, doneUnits / totalUnits))
        }
        progress?(0)

        let aligner = PairAligner(configuration: configuration)
        let preparedMaster = PreparedTrack(master, configuration: configuration)
        advance(0.5)
        var prepared: [String: PreparedTrack] = [:]
        var details: [String: CameraSyncDetail] = [:]
        var traces: [String: CorrelationTrace] = [:]
        for label in labels {
            let track = PreparedTrack(cameras[label]!, configuration: configuration)
            prepared[label] = track
            let result = aligner.measure(reference: preparedMaster, other: track, centerSeconds: 0)
            details[label] = result.detail
            if let trace = result.trace { traces[label] = trace }
            advance(labels.isEmpty ? 0 : 1 + 0.5 / Double(labels.count))
        }

        var loops: [LoopResidual] = []
        var inconsistent: [String] = []
        if loopPairs > 0 {
            for (i, first) in labels.enumerated() {
                for second in labels[(i + 1)...] {
                    defer { advance() }
                    guard let loop = measureLoop(first: first, second: second, details: details,
                                                 prepared: prepared, aligner: aligner) else { continue }
                    loops.append(loop)
                }
            }
            inconsistent = LoopConsistency.inconsistentCameras(
                loops: loops, toleranceMs: configuration.loopToleranceMs,
                strength: details.mapValues { $0.confidence * Double($0.windowsSupporting) / Double(max(1, $0.windowsUsed)) })
            for label in inconsistent where details[label]?.classification == SyncClassification.looksGood.rawValue {
                details[label]?.classification = SyncClassification.reviewSuggested.rawValue
                details[label]?.reason += "; loop with other cameras does not close"
            }
        }
        progress?(1)

        var offsets = details.mapValues(\.offsetMs)
        offsets[masterLabel] = 0
        var confidence = details.mapValues(\.confidence)
        confidence[masterLabel] = 1
        var classification = details.mapValues(\.classification)
        classification[masterLabel] = SyncClassification.looksGood.rawValue
        var drift = details.mapValues(\.driftPPM)
        drift[masterLabel] = 0
        return SyncAnalysis(
            masterLabel: masterLabel, offsetsMs: offsets, confidence: confidence, classification: classification,
            driftPPM: drift, inconsistentCameras: inconsistent, method: methodDescription, analysisRate: configuration.analysisRate,
            cameras: details, loops: loops, traces: traces)
    }

    /// Measures `other` against `reference` alone (no loops): the building block of ``analyze``,
    /// public for tools and tests. `expectedOffsetMs` centres the search range.
    package func measurePair(reference: AudioTrack, other: AudioTrack, expectedOffsetMs: Double = 0) throws -> CameraSyncDetail {
        try configuration.validate()
        try Self.check(reference, label: "reference")
        try Self.check(other, label: "other")
        return PairAligner(configuration: configuration).measure(
            reference: PreparedTrack(reference, configuration: configuration),
            other: PreparedTrack(other, configuration: configuration), centerSeconds: expectedOffsetMs / 1000).detail
    }

    /// The direct `first` → `second` measurement and its loop residual, when both cameras matched
    /// the master and overlap each other by ≥ 2 s.
    private func measureLoop(first: String, second: String, details: [String: CameraSyncDetail],
                             prepared: [String: PreparedTrack], aligner: PairAligner) -> LoopResidual? {
        guard let x = details[first], let y = details[second],
              x.classification != SyncClassification.noMatch.rawValue,
              y.classification != SyncClassification.noMatch.rawValue else { return nil }
        let start = max(x.overlapStartSeconds, y.overlapStartSeconds)
        let end = min(x.overlapStartSeconds + x.overlapSeconds, y.overlapStartSeconds + y.overlapSeconds)
        guard end - start >= 2 else { return nil }
        let t = (start + end) / 2
        // Master time t ↦ first's clock, where the direct line is evaluated.
        let offsetX = x.offsetAtMasterStartMs + x.driftPPM / 1000 * t
        let offsetY = y.offsetAtMasterStartMs + y.driftPPM / 1000 * t
        let predicted = offsetY - offsetX
        let direct = aligner.measure(reference: prepared[first]!, other: prepared[second]!, centerSeconds: predicted / 1000).detail
        let tFirst = t + offsetX / 1000
        let measured = direct.offsetAtMasterStartMs + direct.driftPPM / 1000 * tFirst
        return LoopResidual(first: first, second: second, directOffsetMs: direct.offsetMs,
                            residualMs: measured - predicted, directClassification: direct.classification)
    }

    private var methodDescription: String {
        let c = configuration
        return "GCC-PHAT: coarse full-overlap search at \(c.coarseRate) Hz (\(Int(c.bandLowHz))–\(Int(min(c.coarseBandHighHz, 0.425 * Double(c.coarseRate)))) Hz, "
            + "±\(Int(c.effectiveSearchRange)) s, drift-tolerant energy boxes), then ≤\(c.maxWindows) windows of ≤\(Int(c.windowSeconds)) s at "
            + "\(c.analysisRate) Hz (\(Int(c.bandLowHz))–\(Int(min(c.bandHighHz, 0.425 * Double(c.analysisRate)))) Hz) with band-limited "
            + "sub-sample peak interpolation, robust drift line (offset at overlap start), loop check ±\(c.loopToleranceMs) ms"
    }

    private static func check(_ track: AudioTrack, label: String) throws {
        guard track.sampleRate > 0 else { throw SyncError.invalidSampleRate(label: label, rate: track.sampleRate) }
        guard track.durationSeconds >= 1 else { throw SyncError.trackTooShort(label: label, seconds: track.durationSeconds) }
    }
}
