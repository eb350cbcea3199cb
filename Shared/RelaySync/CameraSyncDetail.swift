/// Everything measured for one camera against its reference (the master, or another camera in a
/// loop check). Offsets follow the convention of ``SyncAnalysis/offsetsMs``.
public struct CameraSyncDetail: Sendable, Codable, Equatable {
    /// Offset (ms) at the start of the overlap: the reported offset.
    public var offsetMs: Double
    /// Offset (ms) extrapolated along the drift line to the reference's time 0.
    public var offsetAtMasterStartMs: Double
    /// Start of the overlap on the reference's clock (s).
    public var overlapStartSeconds: Double
    /// Length of the overlap (s).
    public var overlapSeconds: Double
    /// Clock drift, ppm: the offset grows by `driftPPM` µs per second of reference time (positive:
    /// the camera's clock runs fast).
    public var driftPPM: Double
    /// Standard error of `driftPPM` (0 when fewer than three agreeing windows).
    public var driftStandardErrorPPM: Double
    /// 0…1, see ``ConfidenceCalibration``.
    public var confidence: Double
    /// ``SyncClassification`` raw value.
    public var classification: String
    /// Why the classification is what it is.
    public var reason: String
    /// Robust z-score of the coarse full-overlap peak (at the scale chosen).
    public var coarseZ: Double
    /// Robust z-score of the plain coarse peak (no drift box).
    public var coarsePlainZ: Double
    /// Half-width (ms) of the drift box that scored best in the coarse stage (0 = plain peak).
    public var coarseBoxMs: Double
    /// The coarse stage's offset (ms).
    public var coarseOffsetMs: Double
    /// Joint support of the offset line by all windows, `Z_line` (see ``ConfidenceCalibration``).
    public var lineZ: Double
    /// Support of the best *other* candidate offset relative to the chosen one's (the smaller of
    /// the `Z_line` ratio and the mean-window-z ratio; 0 when there was no other candidate): ≈ 1
    /// means a periodic scene where another repetition fits as well.
    public var ambiguity: Double
    /// Coarse candidates verified by the windowed stage.
    public var candidatesTried: Int
    /// The camera's waveform is inverted relative to the reference.
    public var polarityInverted: Bool
    /// Windows with sound on both sides.
    public var windowsUsed: Int
    /// Windows on the fitted offset line.
    public var windowsAgreeing: Int
    /// Windows whose correlation at the line's lag has z ≥ 3 (see ``ConfidenceCalibration``).
    public var windowsSupporting: Int
    /// Agreeing windows whose own peak is significant (z ≥ 6).
    public var windowsConfirmed: Int
    /// RMS distance (ms) of the agreeing windows from the line.
    public var residualRMSMs: Double
    /// The windows themselves.
    public var windows: [SyncWindowMeasurement]
}
