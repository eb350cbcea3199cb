/// The raw QC numbers (see ``QualityCheck``): the histogram and Laplacian numbers are measured on the
/// analysis-size luma image, ``edge`` on the measurement-size one (``EdgeWidth``).
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
    /// The scene's white: the 99.5th percentile of luma (whiter pixels are speculars and lights).
    package var whitePoint: Double = 0
    /// The scene's black: the 0.5th percentile of luma.
    package var blackPoint: Double = 0
    /// The 99.9th percentile of luma: light sources and speculars of a dark scene reach it.
    package var peak: Double = 0
    /// How the top two levels (254–255) stand out of the highlights below them: their count over the
    /// mean count of levels 235–253 (see ``ExposureShape``). Sensor clipping piles pixels into the
    /// last level; natural highlights taper off.
    package var clipSpikeHigh: Double = 0
    /// Key of the scene (Reinhard et al. 2002): the geometric mean of linear luminance, 0–1; a
    /// normally exposed average scene has about 0.18.
    package var key: Double = 0
    /// Edge widths (see ``EdgeWidth``); `nil` when not measured.
    package var edge: EdgeWidth?
    /// The exposure the camera's settings gave (``EXIFMetadata/ev100``), when the file says.
    package var ev100: Double?

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
        case sharpness, mean, peak, key, edge, ev100
        case clippedShadows = "clipped_shadows"
        case clippedHighlights = "clipped_highlights"
        case analysisWidth = "analysis_width"
        case analysisHeight = "analysis_height"
        case whitePoint = "white_point"
        case blackPoint = "black_point"
        case clipSpikeHigh = "clip_spike_high"
    }
}
