/// The result of ``SyncEngine/analyze(master:masterLabel:cameras:progress:)``.
///
/// ## Sign convention
/// `offsetsMs[X] = t_X − t_master` in milliseconds, where `t_X` and `t_master` are the times (from
/// the start of each file) at which the *same acoustic event* appears in camera X and in the
/// master. Example: a clap at 10.000 s in the master and at 11.234 s in camera B gives
/// `offsetsMs["B"] = +1234`: B started recording 1.234 s before the master; to align, trim B's
/// first 1234 ms (or delay the master by 1234 ms). A negative offset means the camera started
/// later. The master's own offset is 0.
///
/// With clock drift the offset changes along the recording; `offsetsMs` is the offset at the
/// *start of the overlap* (on the master's clock, `cameras[X].overlapStartSeconds`), and
/// `offset(t) = cameras[X].offsetAtMasterStartMs + driftPPM[X] / 1000 × t` (ms, t = master time
/// in s) gives it anywhere else.
package struct SyncAnalysis: Sendable, Codable, Equatable {
    /// Label of the master track.
    package var masterLabel: String
    /// Offset of every camera relative to the master, ms (master included, 0).
    package var offsetsMs: [String: Double]
    /// 0…1 per camera (master: 1). See ``ConfidenceCalibration``.
    package var confidence: [String: Double]
    /// ``SyncClassification`` raw values per camera (master: "looks-good").
    package var classification: [String: String]
    /// Clock drift relative to the master, ppm (master: 0).
    package var driftPPM: [String: Double]
    /// Cameras whose master offset breaks loop consistency (sorted).
    package var inconsistentCameras: [String]
    /// Human-readable description of the method and its parameters.
    package var method: String
    /// Rate (Hz) of the fine stage.
    package var analysisRate: Int
    /// Per-camera measurements (master excluded).
    package var cameras: [String: CameraSyncDetail]
    /// Loop checks between non-master cameras.
    package var loops: [LoopResidual]
    /// Correlation excerpts per camera for ``CorrelationPlot`` (empty when disabled).
    package var traces: [String: CorrelationTrace]
    /// Every file's placement per camera (master included), when a camera recorded in several files
    /// (see ``SyncEngine/analyze(masterFiles:masterLabel:cameraFiles:progress:)``); nil otherwise.
    package var files: [String: [FilePlacement]]?
}
