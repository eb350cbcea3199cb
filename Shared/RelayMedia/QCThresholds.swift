/// The limits that turn QC measurements into verdicts (the rules are in ``QCRules``). Every value is
/// configurable (the agent reads them from its configuration's `qc` object; `relay-agent qc --json`
/// prints the measurements).
///
/// The defaults are chosen by `Benchmarks/qc.sh` on its labelled set of real photographs (Debian's
/// wallpaper photos at 3 and 12 MP, JPEG and HEIC, sharp, blurred three ways and exposed ±1.5/±2 EV);
/// it prints the accuracy they reach, the accuracy when each scene's defaults are chosen without it,
/// and every file it gets wrong.
///
/// | setting | default | meaning |
/// |---|---|---|
/// | `edgeWidthFail` / `edgeWidthWarn` | see ``QCDefaults`` | the sharpest edges (``EdgeWidth``, px at a 2048 px long edge) wider than → fail / warn |
/// | `whiteFailBelow` / `whiteWarnBelow` | see ``QCDefaults`` | the scene's white (99.5th percentile) below → under-exposed fail / warn, unless the frame has lights or speculars (`lowKeyPeak`) |
/// | `lowKeyPeak` | see ``QCDefaults`` | a dark frame whose 99.9th percentile reaches this with few clipped pixels is a low-key scene, not under-exposure |
/// | `dimLightEV100` / `dimWhiteFloor` | see ``QCDefaults`` | EXIF settings of dim light (EV100 below) exempt a dark frame from the white-point rule while its whites reach the floor |
/// | `clipSpikeFail` | see ``QCDefaults`` | blown highlights: the top levels stand out this much of the highlights below (and ≥ `spikeMinClipped` of the frame is clipped) → fail |
/// | `blackFailAbove` | see ``QCDefaults`` | a black point this high with a clip spike (`blackSpike`) is a washed-out, over-exposed frame → fail |
/// | `meanFailBelow` / `meanWarnBelow` | 25 / 40 | mean luma below → fail / warn (only extreme darkness; a dark scene is judged by its whites) |
/// | `meanWarnAbove` / `meanFailAbove` | 230 / 250 | mean luma above → warn / fail (a white wall is a correct exposure; its clipping is what fails) |
/// | `shadowLevel` / `highlightLevel` | 5 / 250 | a pixel ≤ 5 is a clipped shadow, ≥ 250 a clipped highlight |
/// | `shadowsWarn` / `shadowsFail` | 0.30 / 0.60 | fraction of clipped shadows → warn / fail |
/// | `highlightsWarn` / `highlightsFail` | 0.03 / 0.04 | fraction of clipped highlights → warn / fail (the fail needs a clip spike of `highlightsSpike`, 2: real clipping piles into the last levels) |
/// | `sessionWarnEV` / `sessionFailEV` | 0.7 / 1.0 | a frame this many EV off its session neighbours (``SessionExposure``) → warn / fail |
/// | `sharpnessPass` / `sharpnessWarn` | 100 / 40 | the variance-of-the-Laplacian score's old cut-offs: still read from configurations, no longer decide (the score moves with contrast and texture; ``EdgeWidth`` does not) |
///
/// Studios shooting on a white cyclorama intentionally blow out the background: raise
/// `highlightsWarn`/`highlightsFail` and `clipSpikeFail` for such sites rather than ignoring QC.
package struct QCThresholds: Sendable, Hashable, Codable {
    /// Score at or above which sharpness passes.
    package var sharpnessPass: Double
    /// Score at or above which sharpness warns (below it fails).
    package var sharpnessWarn: Double
    /// Mean luma below which exposure fails.
    package var meanFailBelow: Double
    /// Mean luma below which exposure warns.
    package var meanWarnBelow: Double
    /// Mean luma above which exposure warns.
    package var meanWarnAbove: Double
    /// Mean luma above which exposure fails.
    package var meanFailAbove: Double
    /// Luma at or below which a pixel counts as a clipped shadow.
    package var shadowLevel: UInt8
    /// Luma at or above which a pixel counts as a clipped highlight.
    package var highlightLevel: UInt8
    /// Fraction of clipped shadows above which exposure warns.
    package var shadowsWarn: Double
    /// Fraction of clipped shadows above which exposure fails.
    package var shadowsFail: Double
    /// Fraction of clipped highlights above which exposure warns.
    package var highlightsWarn: Double
    /// Fraction of clipped highlights above which exposure fails.
    package var highlightsFail: Double
    /// Edge width above which sharpness fails.
    package var edgeWidthFail: Double = QCDefaults.edgeWidthFail
    /// Edge width above which sharpness warns.
    package var edgeWidthWarn: Double = QCDefaults.edgeWidthWarn
    /// White point below which exposure fails (unless low-key).
    package var whiteFailBelow: Double = QCDefaults.whiteFailBelow
    /// White point below which exposure warns (unless low-key).
    package var whiteWarnBelow: Double = QCDefaults.whiteWarnBelow
    /// 99.9th percentile at or above which a dark frame counts as low-key (lights, speculars).
    package var lowKeyPeak: Double = QCDefaults.lowKeyPeak
    /// Clip spike above which highlights are blown.
    package var clipSpikeFail: Double = QCDefaults.clipSpikeFail
    /// The clip spike the clipped-highlights rule needs to fail a frame (below it, it warns).
    package var highlightsSpike: Double = QCDefaults.highlightsSpike
    /// Clipped fraction the clip spike needs to count.
    package var spikeMinClipped: Double = QCDefaults.spikeMinClipped
    /// Black point at or above which a frame with a clip spike over `blackSpike` is washed out.
    package var blackFailAbove: Double = QCDefaults.blackFailAbove
    /// See ``blackFailAbove``.
    package var blackSpike: Double = QCDefaults.blackSpike
    /// EXIF EV100 below which the settings say the light was dim (dusk, night, a dark interior): a
    /// dark frame shot like that is not called under-exposed while its whites reach `dimWhiteFloor`.
    package var dimLightEV100: Double = QCDefaults.dimLightEV100
    /// See ``dimLightEV100``.
    package var dimWhiteFloor: Double = QCDefaults.dimWhiteFloor
    /// EV off the session's neighbours at which exposure warns.
    package var sessionWarnEV: Double = QCDefaults.sessionWarnEV
    /// EV off the session's neighbours at which exposure fails.
    package var sessionFailEV: Double = QCDefaults.sessionFailEV

    /// The documented defaults (see the table above), each overridable.
    package init(
        sharpnessPass: Double = 100, sharpnessWarn: Double = 40,
        meanFailBelow: Double = QCDefaults.meanFailBelow, meanWarnBelow: Double = QCDefaults.meanWarnBelow,
        meanWarnAbove: Double = QCDefaults.meanWarnAbove, meanFailAbove: Double = QCDefaults.meanFailAbove,
        shadowLevel: UInt8 = 5, highlightLevel: UInt8 = 250,
        shadowsWarn: Double = QCDefaults.shadowsWarn, shadowsFail: Double = QCDefaults.shadowsFail,
        highlightsWarn: Double = QCDefaults.highlightsWarn, highlightsFail: Double = QCDefaults.highlightsFail
    ) {
        self.sharpnessPass = sharpnessPass
        self.sharpnessWarn = sharpnessWarn
        self.meanFailBelow = meanFailBelow
        self.meanWarnBelow = meanWarnBelow
        self.meanWarnAbove = meanWarnAbove
        self.meanFailAbove = meanFailAbove
        self.shadowLevel = shadowLevel
        self.highlightLevel = highlightLevel
        self.shadowsWarn = shadowsWarn
        self.shadowsFail = shadowsFail
        self.highlightsWarn = highlightsWarn
        self.highlightsFail = highlightsFail
    }
}
