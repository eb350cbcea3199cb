/// Everything measured for one camera against its reference (the master, or another camera in a
/// loop check). Offsets follow the convention of ``SyncAnalysis/offsetsMs``.
package struct CameraSyncDetail: Sendable, Codable, Equatable {
    /// Offset (ms) at the start of the overlap: the reported offset.
    package var offsetMs: Double
    /// Offset (ms) extrapolated along the drift line to the reference's time 0.
    package var offsetAtMasterStartMs: Double
    /// Start of the overlap on the reference's clock (s).
    package var overlapStartSeconds: Double
    /// Length of the overlap (s).
    package var overlapSeconds: Double
    /// Clock drift, ppm: the offset grows by `driftPPM` µs per second of reference time (positive:
    /// the camera's clock runs fast).
    package var driftPPM: Double
    /// Standard error of `driftPPM` (0 when fewer than three agreeing windows).
    package var driftStandardErrorPPM: Double
    /// 0…1, see ``ConfidenceCalibration``.
    package var confidence: Double
    /// ``SyncClassification`` raw value.
    package var classification: String
    /// Why the classification is what it is.
    package var reason: String
    /// Robust z-score of the coarse full-overlap peak (at the scale chosen).
    package var coarseZ: Double
    /// Robust z-score of the plain coarse peak (no drift box).
    package var coarsePlainZ: Double
    /// Half-width (ms) of the drift box that scored best in the coarse stage (0 = plain peak).
    package var coarseBoxMs: Double
    /// The coarse stage's offset (ms).
    package var coarseOffsetMs: Double
    /// Joint support of the offset line by all windows, `Z_line` (see ``ConfidenceCalibration``).
    package var lineZ: Double
    /// Support of the best *other* candidate offset relative to the chosen one's (the smaller of
    /// the `Z_line` ratio and the mean-window-z ratio; 0 when there was no other candidate): ≈ 1
    /// means a periodic scene where another repetition fits as well.
    package var ambiguity: Double
    /// Coarse candidates verified by the windowed stage.
    package var candidatesTried: Int
    /// The camera's waveform is inverted relative to the reference.
    package var polarityInverted: Bool
    /// Windows with sound on both sides.
    package var windowsUsed: Int
    /// Windows on the fitted offset line.
    package var windowsAgreeing: Int
    /// Windows whose correlation at the line's lag has z ≥ 3 (see ``ConfidenceCalibration``).
    package var windowsSupporting: Int
    /// Agreeing windows whose own peak is significant (z ≥ 6).
    package var windowsConfirmed: Int
    /// RMS distance (ms) of the agreeing windows from the line.
    package var residualRMSMs: Double
    /// The windows themselves.
    package var windows: [SyncWindowMeasurement]
}
