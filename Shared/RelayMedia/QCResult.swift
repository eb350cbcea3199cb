/// QC verdicts in seed 001's `qc` shape:
///
/// ```json
/// {"sharpness": {"score": 450.2, "status": "pass"},
///  "exposure": {"status": "pass", "mean": 118.4, "clipped_shadows": 0.0012, "clipped_highlights": 0.0301}}
/// ```
///
/// Each part may carry a `reason` (omitted when it passes) that an operator can read. Findings are
/// values: a blurred or dark photo is a `fail` here, not an error.
package struct QCResult: Sendable, Hashable, Codable {
    /// Sharpness: the score and its verdict.
    package struct Sharpness: Sendable, Hashable, Codable {
        /// Variance of the Laplacian at the analysis size, rounded to 0.1.
        package var score: Double
        /// Verdict for the score.
        package var status: QCVerdict
        /// Why it is not a pass (or, on a pass, that the frame had too little detail to judge).
        package var reason: String?
        /// The width in px of the sharpest edges the verdict rests on (``EdgeWidth/value``, at a
        /// 2048 px long edge), to 0.01; `nil` when the frame has no edges to judge.
        package var edgeWidth: Double?

        /// Wraps a score and verdict.
        package init(score: Double, status: QCVerdict, reason: String? = nil, edgeWidth: Double? = nil) {
            self.score = score
            self.status = status
            self.reason = reason
            self.edgeWidth = edgeWidth
        }

        enum CodingKeys: String, CodingKey {
            case score, status, reason
            case edgeWidth = "edge_width"
        }
    }

    /// Exposure: the verdict and the numbers it rests on.
    package struct Exposure: Sendable, Hashable, Codable {
        /// The worst of the mean, shadow and highlight checks.
        package var status: QCVerdict
        /// Mean luma 0–255, rounded to 0.1.
        package var mean: Double
        /// Fraction of clipped shadows (luma ≤ 5 by default), rounded to 1e-4.
        package var clippedShadows: Double
        /// Fraction of clipped highlights (luma ≥ 250 by default), rounded to 1e-4.
        package var clippedHighlights: Double
        /// Why it is not a pass.
        package var reason: String?
        /// The scene's white (99.5th percentile of luma, 0–255).
        package var whitePoint: Double?
        /// The scene's black (0.5th percentile of luma, 0–255).
        package var blackPoint: Double?
        /// How much the top levels stand out of the highlights (see ``QCMeasurements/clipSpikeHigh``), 0.1.
        package var clipSpike: Double?
        /// The frame's brightness in EV against a mid-grey scene: log2(key / 0.18), with the key the
        /// geometric mean of linear luminance. Frames of one session compare by it (``SessionExposure``).
        package var brightnessEV: Double?
        /// Exposure relative to the frame's session neighbours in EV (negative: darker), when judged
        /// against a session (see ``SessionExposure``).
        package var sessionOffsetEV: Double?

        /// Wraps the verdict and numbers.
        package init(
            status: QCVerdict, mean: Double, clippedShadows: Double, clippedHighlights: Double, reason: String? = nil,
            whitePoint: Double? = nil, blackPoint: Double? = nil, clipSpike: Double? = nil, brightnessEV: Double? = nil,
            sessionOffsetEV: Double? = nil
        ) {
            self.status = status
            self.mean = mean
            self.clippedShadows = clippedShadows
            self.clippedHighlights = clippedHighlights
            self.reason = reason
            self.whitePoint = whitePoint
            self.blackPoint = blackPoint
            self.clipSpike = clipSpike
            self.brightnessEV = brightnessEV
            self.sessionOffsetEV = sessionOffsetEV
        }

        enum CodingKeys: String, CodingKey {
            case status, mean, reason
            case clippedShadows = "clipped_shadows"
            case clippedHighlights = "clipped_highlights"
            case whitePoint = "white_point"
            case blackPoint = "black_point"
            case clipSpike = "clip_spike"
            case brightnessEV = "brightness_ev"
            case sessionOffsetEV = "session_offset_ev"
        }
    }

    /// Sharpness part.
    package var sharpness: Sharpness
    /// Exposure part.
    package var exposure: Exposure

    /// Wraps both parts.
    package init(sharpness: Sharpness, exposure: Exposure) {
        self.sharpness = sharpness
        self.exposure = exposure
    }

    /// The worst of the two verdicts (not encoded: the seed's shape has none).
    package var status: QCVerdict { max(sharpness.status, exposure.status) }

    /// The result for a file that could not be decoded at all: both parts `fail` with `reason`,
    /// zero numbers. Lets callers (the agent's QC) keep one result type for every file.
    package static func undecodable(reason: String) -> QCResult {
        QCResult(
            sharpness: Sharpness(score: 0, status: .fail, reason: reason),
            exposure: Exposure(status: .fail, mean: 0, clippedShadows: 0, clippedHighlights: 0, reason: reason))
    }
}
