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
        try analyze(
            masterFiles: [CameraFile(number: 1, id: masterLabel, track: master)], masterLabel: masterLabel,
            cameraFiles: cameras.filter { $0.key != masterLabel }.mapValues { [CameraFile(number: 1, id: "", track: $0)] },
            progress: progress)
    }

    /// Analyses cameras that may have recorded in several files (chapters).
    ///
    /// The master's files are joined end to end into one timeline (a camera's own chapter split leaves
    /// no gap; record the master on the camera that runs throughout). Each other camera's first file is
    /// measured against it as a single file would be; every later file is measured on its own — its own
    /// offset and drift — searching from where the file before it ended, up to
    /// ``SyncConfiguration/maximumSearchRangeSeconds`` × 2 later. The camera-level offset, confidence
    /// and drift are its first file's; ``SyncAnalysis/files`` lists every file's placement and the gaps
    /// between them (nil when every camera has one file). Files are taken in ``CameraFile/number`` order.
    package func analyze(masterFiles: [CameraFile], masterLabel: String, cameraFiles: [String: [CameraFile]],
                        progress: (@Sendable (Double) -> Void)? = nil) throws -> SyncAnalysis {
        try configuration.validate()
        let masterFiles = masterFiles.sorted { $0.number < $1.number }
        guard !masterFiles.isEmpty else { throw SyncError.trackTooShort(label: masterLabel, seconds: 0) }
        for file in masterFiles { try Self.check(file.track, label: Self.label(masterLabel, file, of: masterFiles.count)) }
        let cameraFiles = cameraFiles.filter { $0.key != masterLabel && !$0.value.isEmpty }.mapValues { $0.sorted { $0.number < $1.number } }
        for (label, files) in cameraFiles {
            for file in files { try Self.check(file.track, label: Self.label(label, file, of: files.count)) }
        }
        let labels = cameraFiles.keys.sorted()
        let loopPairs = configuration.checkLoops && labels.count >= 2 ? labels.count * (labels.count - 1) / 2 : 0
        let fileCount = cameraFiles.values.reduce(0) { $0 + $1.count }
        let totalUnits = 0.5 + Double(fileCount) + 0.5 + Double(loopPairs)
        var doneUnits = 0.0
        func advance(_ units: Double = 1) {
            doneUnits += units
            progress?(min(1, doneUnits / totalUnits))
        }
        progress?(0)

        let aligner = PairAligner(configuration: configuration)
        let preparedMaster = PreparedTrack(try joined(masterFiles.map(\.track)), configuration: configuration)
        advance(0.5)
        var prepared: [String: PreparedTrack] = [:]
        var details: [String: CameraSyncDetail] = [:]
        var traces: [String: CorrelationTrace] = [:]
        var placements: [String: [FilePlacement]] = [:]
        for label in labels {
            let files = cameraFiles[label]!
            let track = PreparedTrack(files[0].track, configuration: configuration)
            prepared[label] = track
            let result = aligner.measure(reference: preparedMaster, other: track, centerSeconds: 0)
            details[label] = result.detail
            if let trace = result.trace { traces[label] = trace }
            var placed = [FilePlacement.measured(files[0], detail: result.detail, previous: nil)]
            advance()
            for file in files.dropFirst() {
                let detail = measureLaterFile(file, after: placed, master: preparedMaster)
                placed.append(.measured(file, detail: detail, previous: placed.last))
                advance()
            }
            placements[label] = placed
        }
        advance(0.5)

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
        var files: [String: [FilePlacement]]?
        if masterFiles.count > 1 || placements.values.contains(where: { $0.count > 1 }) {
            var start = 0.0
            var master: [FilePlacement] = []
            for file in masterFiles {
                master.append(.master(number: file.number, id: file.id, startSeconds: start, durationSeconds: file.track.durationSeconds,
                                      gapBeforeMs: master.isEmpty ? nil : 0))
                start += file.track.durationSeconds
            }
            placements[masterLabel] = master
            files = placements
        }
        return SyncAnalysis(
            masterLabel: masterLabel, offsetsMs: offsets, confidence: confidence, classification: classification,
            driftPPM: drift, inconsistentCameras: inconsistent, method: methodDescription, analysisRate: configuration.analysisRate,
            cameras: details, loops: loops, traces: traces, files: files)
    }

    /// A camera's second or later file: it starts no earlier than 5 s before the last placed file ended
    /// (plus the lengths of unplaced files since), and is searched from there up to twice the largest
    /// search range later.
    private func measureLaterFile(_ file: CameraFile, after placed: [FilePlacement], master: PreparedTrack) -> CameraSyncDetail {
        var earliest = 0.0
        for placement in placed {
            if let end = placement.endSeconds { earliest = end } else { earliest += placement.durationSeconds }
        }
        var wide = configuration
        wide.searchRangeSeconds = SyncConfiguration.maximumSearchRangeSeconds
        wide.includeCorrelationTraces = false
        let range = wide.effectiveSearchRange
        // Offsets are t_file − t_master: a file starting at master time s has offset −s.
        let center = -(earliest - 5 + range)
        return PairAligner(configuration: wide).measure(
            reference: master, other: PreparedTrack(file.track, configuration: wide), centerSeconds: center).detail
    }

    /// The master's files one after another, at the first file's rate; in a file of their own when any of
    /// them is streamed (a long recording stays out of memory).
    private func joined(_ tracks: [AudioTrack]) throws -> AudioTrack {
        guard tracks.count > 1 else { return tracks[0] }
        if tracks.contains(where: { $0.streamed != nil }) {
            let rate = configuration.analysisRate
            let writer = try SampleFileWriter(directory: FileManager.default.temporaryDirectory)
            let coarse = try SampleFileWriter(directory: FileManager.default.temporaryDirectory)
            for track in tracks {
                if let streamed = track.streamed, track.sampleRate == rate, streamed.coarseRate == configuration.coarseRate {
                    try writer.append(contentsOf: streamed.file)
                    try coarse.append(contentsOf: streamed.coarse)
                } else {
                    let samples = Resampler.resample(track.materialized, from: track.sampleRate, to: rate)
                    try samples.withUnsafeBufferPointer { try writer.append($0) }
                    try Resampler.resample(samples, from: rate, to: configuration.coarseRate).withUnsafeBufferPointer { try coarse.append($0) }
                }
            }
            return AudioTrack(streamed: StreamedAudio(file: writer.finish(), coarse: coarse.finish(), coarseRate: configuration.coarseRate), sampleRate: rate)
        }
        let rate = tracks[0].sampleRate
        var samples: [Float] = []
        samples.reserveCapacity(tracks.reduce(0) { $0 + $1.samples.count })
        for track in tracks {
            samples += track.sampleRate == rate ? track.samples : Resampler.resample(track.samples, from: track.sampleRate, to: rate)
        }
        return AudioTrack(samples: samples, sampleRate: rate)
    }

    /// `B` for a camera with one file, `B file 2` for the second of several.
    private static func label(_ camera: String, _ file: CameraFile, of count: Int) -> String {
        count > 1 ? "\(camera) file \(file.number)" : camera
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
