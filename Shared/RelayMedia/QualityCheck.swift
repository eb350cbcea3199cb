import Foundation

/// Photo QC: the measurements (``QCMeasurements``) and their verdicts (``QCRules`` with
/// ``QCThresholds``).
///
/// Sharpness is judged by ``EdgeWidth`` on the measurement image (1400–2800 px long edge; for JPEG the
/// one decode, at the DCT scale that lands there); exposure by the histogram of the analysis image
/// (``ExposureShape``, area-averaged from the same decode) and the EXIF settings. The variance of the
/// Laplacian below is still measured and reported as seed 001's `score`, but no longer decides.
///
/// ## Resolution normalisation
/// The variance of the Laplacian depends on how many pixels show the scene (edge density per pixel,
/// per-pixel noise, lens softness at 100 %), so a raw threshold tuned on 3 MP photos misjudges 12 MP
/// ones. Every image is therefore measured at one **analysis size**: area-averaged to a long edge of
/// ``analysisLongEdge`` (default 1000 px) before the Laplacian and the histogram. An image is either
/// **at** the analysis size (long edge within 5 % above it) and measured as it is, or area-averaged from
/// the measurement image (2× for 12 MP: 2000 → 1000 px; 1.5× for 24 MP). A resample close to 1× would
/// mix neighbouring pixels at a drifting phase (measured with `Benchmarks/thumbnails.sh`: 4032×3024 at
/// DCT 1/4 resampled by 1.008× cut the score by 45 %), hence the 5 % band. Dividing a full-resolution
/// score by a power of the resolution was rejected: the exponent depends on the scene and the optics.
/// Images whose long edge is below the analysis size are measured as they are (upscaling would
/// invent blur); such scores are not comparable, and real camera files are never that small.
///
/// For JPEG, ``evaluateJPEG(_:decoder:)`` decodes luma only, once, at the DCT reduction of
/// ``EdgeWidth/jpegScale(width:height:)`` (1/2 for 12 MP: 4000×3000 → 2000×1500; 1/4 for 24 MP → 1500×1000;
/// a 3 MP frame in full), measures the edge widths on it and area-averages it to the analysis size for
/// the rest (2000 → 1000 is the exact 2× halving). The agent and the backend both call this, so they
/// compute the same numbers for the same file.
///
/// Sensor noise surviving at the analysis size adds to the score (white noise of σ adds 20σ²); the
/// 2× area-average and the DCT reduction divide σ by 4 or more for a 12 MP photo, so only very noisy
/// images are affected.
///
/// The score also scales with contrast (−2 EV divides it by about 16), which is why it no longer
/// decides sharpness.
///
/// Laplacian and histogram are rotation-invariant, so QC does not need the EXIF orientation.
package struct QualityCheck: Sendable {
    /// Verdict thresholds.
    package var thresholds: QCThresholds
    /// Long edge of the analysis image; the default thresholds are set for 1000.
    package var analysisLongEdge: Int

    /// A check with the given thresholds and analysis size.
    package init(thresholds: QCThresholds = QCThresholds(), analysisLongEdge: Int = 1000) {
        self.thresholds = thresholds
        self.analysisLongEdge = max(analysisLongEdge, 16)
    }

    /// Verdicts for a luma image at any resolution.
    package func evaluate(_ image: GrayImage) -> QCResult {
        verdict(for: measure(image))
    }

    /// Verdicts for an RGB image (converted to luma first).
    package func evaluate(_ image: RGBImage) -> QCResult {
        evaluate(image.grayscale())
    }

    /// Decodes JPEG luma at the reduced DCT scale for the analysis size and evaluates it.
    package func evaluateJPEG(_ data: Data, decoder: JPEGDecoder = JPEGDecoder()) throws(MediaError) -> QCResult {
        verdict(for: try measureJPEG(data, decoder: decoder))
    }

    /// The measurements behind ``evaluateJPEG(_:decoder:)``: the luma decoded once at the DCT scale of
    /// ``EdgeWidth/jpegScale(width:height:)``, measured by ``measure(_:)``.
    package func measureJPEG(_ data: Data, decoder: JPEGDecoder = JPEGDecoder()) throws(MediaError) -> QCMeasurements {
        let header = try decoder.header(data)
        return measure(try decoder.decodeGray(data, scale: EdgeWidth.jpegScale(width: header.width, height: header.height)))
    }

    /// How far above the analysis size an image may be and still be measured as it is (see
    /// "Resolution normalisation"): 5 %.
    package static let asIsTolerance = 1.05

    /// True when an image of this long edge is measured as it is (within 5 % above the analysis size).
    package func landsOnAnalysisSize(_ longEdge: Int) -> Bool {
        longEdge >= analysisLongEdge && Double(longEdge) <= Double(analysisLongEdge) * Self.asIsTolerance
    }

    /// Measures a luma image of any size: the edge widths at the measurement size
    /// (``EdgeWidth/measurementImage(_:)``), the rest at the analysis size (an image already at it,
    /// within 5 % above, is measured as it is).
    package func measure(_ image: GrayImage) -> QCMeasurements {
        let measured = EdgeWidth.measurementImage(image)
        var m = measureAnalysisImage(measured)
        m.edge = EdgeWidth(image: measured)
        return m
    }

    /// The Laplacian and histogram numbers of `image` at the analysis size.
    func measureAnalysisImage(_ image: GrayImage) -> QCMeasurements {
        guard !landsOnAnalysisSize(max(image.width, image.height)) else { return Self.measureAsIs(image, thresholds: thresholds) }
        return Self.measureAsIs(ImageResizer.resize(image, longEdge: analysisLongEdge), thresholds: thresholds)
    }

    /// Measures `image` at its own resolution (no normalisation): the Laplacian's variance over the
    /// interior pixels and the luma histogram.
    package static func measureAsIs(_ image: GrayImage, thresholds: QCThresholds = QCThresholds()) -> QCMeasurements {
        let w = image.width, h = image.height
        var histogram = [Int](repeating: 0, count: 256)
        var lapSum: Int64 = 0, lapSquares: Int64 = 0
        image.pixels.withUnsafeBufferPointer { p in
            // Four interleaved histograms: consecutive equal pixels (flat areas) do not wait on each
            // other's increment.
            var parts = [Int32](repeating: 0, count: 4 * 256)
            parts.withUnsafeMutableBufferPointer { part in
                let n = p.count, body = n & ~3
                var i = 0
                while i < body {
                    part[Int(p[i])] &+= 1
                    part[256 + Int(p[i + 1])] &+= 1
                    part[512 + Int(p[i + 2])] &+= 1
                    part[768 + Int(p[i + 3])] &+= 1
                    i += 4
                }
                while i < n {
                    part[Int(p[i])] &+= 1
                    i += 1
                }
            }
            histogram.withUnsafeMutableBufferPointer { hist in
                for v in 0..<256 { hist[v] = Int(parts[v]) + Int(parts[256 + v]) + Int(parts[512 + v]) + Int(parts[768 + v]) }
            }
            guard w >= 3, h >= 3 else { return }
            for y in 1..<(h - 1) {
                // |l| ≤ 1020: l² ≤ 1,040,400, so 4096 of them fit in UInt32 — rows are summed in runs of
                // at most 4096 pixels in 32-bit lanes (vectorisable) and widened once per run.
                let row = y * w
                var x = 1
                while x < w - 1 {
                    let end = min(x + 4096, w - 1)
                    var runSum: Int32 = 0, runSquares: UInt32 = 0
                    for i in (row + x)..<(row + end) {
                        let horizontal = Int32(p[i - 1]) &+ Int32(p[i + 1])
                        let vertical = Int32(p[i - w]) &+ Int32(p[i + w])
                        let l = horizontal &+ vertical &- 4 &* Int32(p[i])
                        runSum &+= l
                        runSquares &+= UInt32(bitPattern: l &* l)
                    }
                    lapSum += Int64(runSum)
                    lapSquares += Int64(runSquares)
                    x = end
                }
            }
        }
        let interior = Double(max(w - 2, 0) * max(h - 2, 0))
        var variance = 0.0
        if interior > 0 {
            let mean = Double(lapSum) / interior
            variance = max(Double(lapSquares) / interior - mean * mean, 0)
        }
        let total = Double(w * h)
        var lumaSum = 0, shadows = 0, highlights = 0
        for (value, count) in histogram.enumerated() {
            lumaSum += value * count
            if value <= Int(thresholds.shadowLevel) { shadows += count }
            if value >= Int(thresholds.highlightLevel) { highlights += count }
        }
        var m = QCMeasurements(
            sharpness: variance, mean: Double(lumaSum) / total,
            clippedShadows: Double(shadows) / total, clippedHighlights: Double(highlights) / total,
            analysisWidth: w, analysisHeight: h)
        ExposureShape.fill(&m, histogram: histogram)
        return m
    }

    /// Applies the thresholds (see ``QCThresholds`` for the rules).
    package func verdict(for m: QCMeasurements) -> QCResult {
        QCRules(thresholds: thresholds).verdict(for: m)
    }
}
