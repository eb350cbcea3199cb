import Foundation
import Testing
import RelayMedia

/// The edge width QC judges blur by (``EdgeWidth``), through the agent's JPEG path and the HEIC path's
/// pixel route.
@Suite struct EdgeWidthTests {
    static let scene = Fixtures.scene(width: 1024, height: 768, seed: 7)

    func measure(_ image: RGBImage, quality: Int = 92) throws -> QCMeasurements {
        try QualityCheck().measureJPEG(try JPEGEncoder(quality: quality).encode(image))
    }

    func edge(_ image: RGBImage) throws -> Double {
        try #require(try measure(image).edge?.value)
    }

    /// The same picture in contrast × 0.5: rise and slope of an edge halve alike.
    func withContrast(_ image: RGBImage, _ factor: Double) -> RGBImage {
        RGBImage(width: image.width, height: image.height,
                 pixels: image.pixels.map { UInt8(min(max(128 + (Double($0) - 128) * factor, 0), 255).rounded()) })
    }

    /// A sparse scene: a handful of thin dark strokes on a smooth gradient (a car on a plain backdrop).
    func sparse(width: Int, height: Int) -> RGBImage {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let base = UInt8(150 + 60 * x / width)
                let stroke = (x % 157 < 3 && y > height / 4) || (y % 131 < 2 && x > width / 5)
                let v = stroke ? 40 : base
                pixels[(y * width + x) * 3] = v
                pixels[(y * width + x) * 3 + 1] = v
                pixels[(y * width + x) * 3 + 2] = v
            }
        }
        return RGBImage(width: width, height: height, pixels: pixels)
    }

    @Test func sharpPassesAndBlurFailsWithItsNumber() throws {
        let sharp = try QualityCheck().evaluateJPEG(try JPEGEncoder(quality: 92).encode(Self.scene))
        let blurred = try QualityCheck().evaluateJPEG(try JPEGEncoder(quality: 92).encode(Fixtures.blurred(Self.scene, radius: 3)))
        #expect(sharp.sharpness.status == .pass, "\(sharp.sharpness)")
        #expect(blurred.sharpness.status == .fail, "\(blurred.sharpness)")
        #expect(blurred.sharpness.reason?.contains("px wide") == true)
        let sharpWidth = try #require(sharp.sharpness.edgeWidth), blurredWidth = try #require(blurred.sharpness.edgeWidth)
        #expect(blurredWidth > 2 * sharpWidth, "sharp \(sharpWidth), blurred \(blurredWidth)")
    }

    @Test func contrastDoesNotMoveIt() throws {
        let full = try edge(Self.scene), half = try edge(withContrast(Self.scene, 0.5))
        #expect(abs(full - half) / full < 0.1, "contrast ×1: \(full), ×0.5: \(half)")
        // The Laplacian score, by contrast, falls about fourfold.
        let scoreFull = try measure(Self.scene).sharpness, scoreHalf = try measure(withContrast(Self.scene, 0.5)).sharpness
        #expect(scoreHalf < scoreFull / 2.5)
    }

    @Test func exposureDoesNotMoveItNorTheVerdict() throws {
        let normal = try edge(Self.scene)
        for ev in [-2.0, 2.0] {
            let shifted = Fixtures.exposed(Self.scene, ev: ev)
            let value = try edge(shifted)
            #expect(abs(value - normal) / normal < 0.15, "\(ev) EV: \(value) against \(normal)")
            let qc = try QualityCheck().evaluateJPEG(try JPEGEncoder(quality: 92).encode(shifted))
            #expect(qc.sharpness.status == .pass, "\(ev) EV: \(qc.sharpness)")
            #expect(qc.exposure.status == .fail, "\(ev) EV: \(qc.exposure)")
        }
    }

    @Test func sparseSceneIsJudgedByItsEdgesNotItsBackdrop() throws {
        let image = sparse(width: 1024, height: 768)
        let check = QualityCheck()
        let sharp = try check.evaluateJPEG(try JPEGEncoder(quality: 92).encode(image))
        let blurred = try check.evaluateJPEG(try JPEGEncoder(quality: 92).encode(Fixtures.blurred(image, radius: 3)))
        #expect(sharp.sharpness.status == .pass, "\(sharp.sharpness)")
        #expect(blurred.sharpness.status == .fail, "\(blurred.sharpness)")
        // Judged by its strokes: most of the frame is backdrop, yet the edge measure has its evidence.
        let detail = try #require(try measure(image).edge)
        #expect(detail.value != nil && detail.evidence >= 2 * EdgeWidth.minimumEvidence)
    }

    /// A sharp subject in a tenth of the frame, the rest thrown out of focus (bokeh), passes; the whole
    /// frame out of focus fails.
    @Test func bokehAroundASharpSubjectPasses() throws {
        let soft = Fixtures.blurred(Self.scene, radius: 6)
        var bokeh = soft
        for y in 300..<500 {
            for x in 400..<700 {
                for c in 0..<3 { bokeh.pixels[(y * 1024 + x) * 3 + c] = Self.scene.pixels[(y * 1024 + x) * 3 + c] }
            }
        }
        let check = QualityCheck()
        let subject = try check.evaluateJPEG(try JPEGEncoder(quality: 92).encode(bokeh))
        let allSoft = try check.evaluateJPEG(try JPEGEncoder(quality: 92).encode(soft))
        #expect(subject.sharpness.status == .pass, "\(subject.sharpness)")
        #expect(allSoft.sharpness.status == .fail, "\(allSoft.sharpness)")
    }

    @Test func aFrameWithoutEdgesPassesWithTheReason() throws {
        var pixels = [UInt8](repeating: 0, count: 1024 * 768 * 3)
        var state: UInt64 = 1
        for i in pixels.indices {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            pixels[i] = UInt8(120 + Int(state >> 61))  // flat grey with ±4 noise
        }
        let qc = try QualityCheck().evaluateJPEG(try JPEGEncoder(quality: 92).encode(RGBImage(width: 1024, height: 768, pixels: pixels)))
        #expect(qc.sharpness.status == .pass)
        #expect(qc.sharpness.edgeWidth == nil)
        #expect(qc.sharpness.reason == "too little detail to judge sharpness")
    }

    /// The JPEG path (luma decoded at the DCT scale of the measurement size) and the pixel path HEIC
    /// takes (full luma halved) measure one picture alike, so a JPEG and a HEIC of it are judged alike.
    @Test func jpegAndPixelPathsAgree() throws {
        let big = Fixtures.scene(width: 3200, height: 2400, seed: 3)
        let data = try JPEGEncoder(quality: 95).encode(big)
        #expect(EdgeWidth.jpegScale(width: 3200, height: 2400) == .half)
        let jpeg = try #require(try QualityCheck().measureJPEG(data).edge)
        let pixels = try #require(QualityCheck().measure(try JPEGDecoder().decodeGray(data, scale: .full)).edge)
        #expect(jpeg.measuredLongEdge == 1600 && pixels.measuredLongEdge == 1600)
        let a = try #require(jpeg.value), b = try #require(pixels.value)
        #expect(abs(a - b) / a < 0.1, "JPEG path \(a), pixel path \(b)")
    }

    /// Widths are reported at a 2048 px long edge: a 12 MP frame (measured at 2000 px) and a 24 MP one
    /// (at 1500) are held to one limit, and a 4000 px frame blurred as much as a 2048 px one fails
    /// alike.
    @Test func measurementSizeAndNormalisation() throws {
        #expect(EdgeWidth.measurementImage(GrayImage(width: 4000, height: 3000, pixels: [UInt8](repeating: 0, count: 12_000_000))).width == 2000)
        #expect(EdgeWidth.measurementImage(GrayImage(width: 6000, height: 4000, pixels: [UInt8](repeating: 0, count: 24_000_000))).width == 1500)
        #expect(EdgeWidth.measurementImage(GrayImage(width: 2048, height: 1536, pixels: [UInt8](repeating: 0, count: 2048 * 1536))).width == 2048)
        #expect(EdgeWidth.jpegScale(width: 4000, height: 3000) == .half && EdgeWidth.jpegScale(width: 6000, height: 4000) == .quarter)
        #expect(EdgeWidth.jpegScale(width: 2048, height: 1536) == .full)
        let big = Fixtures.scene(width: 3200, height: 2400, seed: 3)
        let m = try measure(big)
        #expect(QualityCheck().verdict(for: m).sharpness.status == .pass, "\(String(describing: m.edge))")
        let blurred = try measure(Fixtures.blurred(big, radius: 4))
        #expect(QualityCheck().verdict(for: blurred).sharpness.status == .fail, "\(String(describing: blurred.edge))")
    }

    @Test func damagedInputIsAnErrorNotAGuess() throws {
        let data = try JPEGEncoder(quality: 90).encode(Self.scene)
        let check = QualityCheck()
        #expect(throws: MediaError.truncated) { try check.measureJPEG(data.prefix(data.count / 2)) }
        #expect(throws: MediaError.unsupportedFormat) { try check.measureJPEG(Data("not a jpeg".utf8)) }
        #expect(throws: MediaError.tooLarge) { try check.measureJPEG(data, decoder: JPEGDecoder(maxPixels: 1000)) }
        var corrupt = data
        for i in stride(from: corrupt.count / 3, to: corrupt.count / 3 + 400, by: 7) { corrupt[i] = 0xFF }
        #expect(throws: (any Error).self) { try check.measureJPEG(corrupt) }
    }
}
