/// Tuning of ``SyncEngine``. The defaults are the calibrated ones; most callers only change
/// ``searchRangeSeconds``.
package struct SyncConfiguration: Sendable, Codable, Equatable {
    /// Largest accepted ``searchRangeSeconds`` (10 minutes).
    package static let maximumSearchRangeSeconds: Double = 600

    /// How far apart (±, seconds) two recordings' starts may be, around the expected offset (0 for
    /// camera-vs-master). Clamped to 0.5…600 s.
    package var searchRangeSeconds: Double = 120
    /// Rate (Hz) of the fine, windowed stage; every track is converted to it first.
    package var analysisRate: Int = 8000
    /// Rate (Hz) of the coarse full-overlap search.
    package var coarseRate: Int = 2000
    /// Lower edge (Hz) of the band used for correlation (below: hum, wind, handling noise).
    package var bandLowHz: Double = 100
    /// Upper edge (Hz) of the fine stage's band (≤ 0.425 × analysisRate; 3400 keeps phone-band
    /// microphones fully usable).
    package var bandHighHz: Double = 3400
    /// Upper edge (Hz) of the coarse stage's band (≤ 0.425 × coarseRate).
    package var coarseBandHighHz: Double = 850
    /// Length (s) of one refinement window (shortened for short overlaps).
    package var windowSeconds: Double = 8
    /// Most refinement windows per camera, spread evenly over the overlap.
    package var maxWindows: Int = 16
    /// Largest clock drift (ppm) the search allows for: cheap recorders and phones drift by 100–200 ppm
    /// (a 10-minute take at +150 ppm was called `no-match` with the earlier 100).
    package var maxDriftPPM: Double = 250
    /// A window agrees with the fitted offset line when within this many ms of it.
    package var inlierToleranceMs: Double = 1.0
    /// A loop (master→X, X→Y, master→Y) closes when its residual is within this many ms.
    package var loopToleranceMs: Double = 2.0
    /// Measure non-master pairs and check that loops close (needs ≥ 2 cameras besides the master).
    package var checkLoops: Bool = true
    /// Keep correlation excerpts in the result for ``CorrelationPlot``.
    package var includeCorrelationTraces: Bool = true

    package init(searchRangeSeconds: Double = 120, analysisRate: Int = 8000) {
        self.searchRangeSeconds = searchRangeSeconds
        self.analysisRate = analysisRate
    }

    /// ``searchRangeSeconds`` clamped to its valid range.
    var effectiveSearchRange: Double {
        min(max(searchRangeSeconds, 0.5), Self.maximumSearchRangeSeconds)
    }

    /// Throws ``SyncError/invalidConfiguration(_:)`` when a setting cannot work.
    func validate() throws {
        guard analysisRate >= 4000 else { throw SyncError.invalidConfiguration("analysisRate must be ≥ 4000 Hz") }
        guard coarseRate >= 500, coarseRate <= analysisRate else {
            throw SyncError.invalidConfiguration("coarseRate must be 500…analysisRate Hz")
        }
        guard bandLowHz >= 0, bandLowHz < min(bandHighHz, coarseBandHighHz) else {
            throw SyncError.invalidConfiguration("bandLowHz must be below both upper band edges")
        }
        guard windowSeconds >= 1, maxWindows >= 1 else {
            throw SyncError.invalidConfiguration("windowSeconds ≥ 1 and maxWindows ≥ 1 required")
        }
        guard maxDriftPPM >= 0, inlierToleranceMs > 0, loopToleranceMs > 0 else {
            throw SyncError.invalidConfiguration("tolerances must be positive")
        }
    }
}
