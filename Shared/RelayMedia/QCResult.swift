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
        /// Why it is not a pass.
        package var reason: String?

        /// Wraps a score and verdict.
        package init(score: Double, status: QCVerdict, reason: String? = nil) {
            self.score = score
            self.status = status
            self.reason = reason
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

        /// Wraps the verdict and numbers.
        package init(status: QCVerdict, mean: Double, clippedShadows: Double, clippedHighlights: Double, reason: String? = nil) {
            self.status = status
            self.mean = mean
            self.clippedShadows = clippedShadows
            self.clippedHighlights = clippedHighlights
            self.reason = reason
        }

        enum CodingKeys: String, CodingKey {
            case status, mean, reason
            case clippedShadows = "clipped_shadows"
            case clippedHighlights = "clipped_highlights"
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
