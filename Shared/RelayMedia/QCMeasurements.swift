/// The raw QC numbers, measured on the analysis-size luma image (see ``QualityCheck``).
package struct QCMeasurements: Sendable, Hashable, Codable {
    /// Variance of the 4-neighbour Laplacian.
    package var sharpness: Double
    /// Mean luma, 0–255.
    package var mean: Double
    /// Fraction (0–1) of pixels at or below the shadow level.
    package var clippedShadows: Double
    /// Fraction (0–1) of pixels at or above the highlight level.
    package var clippedHighlights: Double
    /// Width × height of the image the numbers were measured on.
    package var analysisWidth: Int
    /// See ``analysisWidth``.
    package var analysisHeight: Int

    /// Wraps measured values.
    package init(
        sharpness: Double, mean: Double, clippedShadows: Double, clippedHighlights: Double,
        analysisWidth: Int, analysisHeight: Int
    ) {
        self.sharpness = sharpness
        self.mean = mean
        self.clippedShadows = clippedShadows
        self.clippedHighlights = clippedHighlights
        self.analysisWidth = analysisWidth
        self.analysisHeight = analysisHeight
    }

    enum CodingKeys: String, CodingKey {
        case sharpness, mean
        case clippedShadows = "clipped_shadows"
        case clippedHighlights = "clipped_highlights"
        case analysisWidth = "analysis_width"
        case analysisHeight = "analysis_height"
    }
}
