/// The limits that turn QC measurements into verdicts. Every value is configurable (the agent reads
/// them from its configuration; `relay-agent qc --json` prints the measurements to calibrate them).
///
/// Sharpness scores are the variance of the 4-neighbour Laplacian of the luma image resampled to
/// ``QualityCheck/analysisLongEdge`` (1000 px by default); the thresholds below only hold at that
/// analysis size. Defaults, and why:
///
/// | setting | default | meaning |
/// |---|---|---|
/// | `sharpnessPass` | 100 | score ≥ 100 → pass (the classic variance-of-Laplacian blur cut-off; seed 001's example scores 450) |
/// | `sharpnessWarn` | 40 | 40 ≤ score < 100 → warn; below → fail (synthetic 12 MP photo: sharp ≈ 300, Gaussian blur σ 2.4 px ≈ 85, σ 4.5 px ≈ 30) |
/// | `meanFailBelow` / `meanWarnBelow` | 75 / 90 | mean luma (0–255) below 75 → fail, below 90 → warn: a mid-grey scene (mean ≈ 127) measures ≈ 90 at −1 EV and ≈ 67 at −2 EV (sRGB, γ 2.2) |
/// | `meanWarnAbove` / `meanFailAbove` | 180 / 200 | mean luma above 180 → warn, above 200 → fail: the same scene measures ≈ 165 at +1 EV and ≈ 210 at +2 EV |
/// | `shadowLevel` / `highlightLevel` | 5 / 250 | a pixel ≤ 5 is a clipped shadow, ≥ 250 a clipped highlight |
/// | `shadowsWarn` / `shadowsFail` | 0.10 / 0.30 | fraction of clipped shadows → warn / fail |
/// | `highlightsWarn` / `highlightsFail` | 0.10 / 0.30 | fraction of clipped highlights → warn / fail |
///
/// The score grows with the amount of detail in the scene as well as with its sharpness: on the
/// labelled set of `Benchmarks/qc.sh` (dense synthetic scenes) sharp photos score 240–330 and a
/// visible motion blur (15 px at 12 MP) or defocus (a 4 px disc) 100–155, so they pass at 100, while a
/// sparse sharp scene (a few hundred strokes on a plain gradient) scores about 120. No one cut-off fits
/// both; 100 keeps sleek cars on plain backgrounds from being flagged, and a studio calibrates
/// `sharpnessPass` on its own shots with `relay-agent qc --json` (the benchmark shows 180 separating
/// its set).
///
/// Studios shooting on a white cyclorama intentionally blow out the background: raise
/// `highlightsWarn`/`highlightsFail` (and `meanWarnAbove`) for such sites rather than ignoring QC.
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

    /// The documented defaults (see the table above), each overridable.
    package init(
        sharpnessPass: Double = 100, sharpnessWarn: Double = 40,
        meanFailBelow: Double = 75, meanWarnBelow: Double = 90,
        meanWarnAbove: Double = 180, meanFailAbove: Double = 200,
        shadowLevel: UInt8 = 5, highlightLevel: UInt8 = 250,
        shadowsWarn: Double = 0.10, shadowsFail: Double = 0.30,
        highlightsWarn: Double = 0.10, highlightsFail: Double = 0.30
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
