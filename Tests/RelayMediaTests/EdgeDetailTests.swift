import Foundation
import Testing
import RelayMedia

/// The edge sharpness QC judges blur by (``EdgeDetail``), through the agent's JPEG path and the
/// HEIC path's pixel route.
@Suite struct EdgeDetailTests {
    static let scene = Fixtures.scene(width: 1024, height: 768, seed: 7)

    func measure(_ image: RGBImage, quality: Int = 92) throws -> QCMeasurements {
        try QualityCheck().measureJPEG(try JPEGEncoder(quality: quality).encode(image))
    }

    func edge(_ image: RGBImage) throws -> Double {
        try #require(try measure(image).edge?.value)
    }

    /// The same picture in contrast × 0.5: a ratio of two bands of the same blocks does not move.
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
        #expect(blurred.sharpness.reason?.contains("edge sharpness") == true)
        let sharpHF = try #require(sharp.sharpness.edgeHF), blurredHF = try #require(blurred.sharpness.edgeHF)
        #expect(sharpHF > 3 * blurredHF)
    }

    @Test func contrastDoesNotMoveIt() throws {
        let full = try edge(Self.scene), half = try edge(withContrast(Self.scene, 0.5))
        #expect(abs(full - half) / full < 0.2, "contrast ×1: \(full), ×0.5: \(half)")
        // The Laplacian score, by contrast, falls about fourfold.
        let scoreFull = try measure(Self.scene).sharpness, scoreHalf = try measure(withContrast(Self.scene, 0.5)).sharpness
        #expect(scoreHalf < scoreFull / 2.5)
    }

    @Test func exposureDoesNotMoveItNorTheVerdict() throws {
        let normal = try edge(Self.scene)
        for ev in [-2.0, 2.0] {
            let shifted = Fixtures.exposed(Self.scene, ev: ev)
            let value = try edge(shifted)
            #expect(abs(value - normal) / normal < 0.35, "\(ev) EV: \(value) against \(normal)")
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
        #expect(detail.value != nil && detail.evidence >= 2 * EdgeDetail.minimumEvidence)
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
        #expect(qc.sharpness.edgeHF == nil)
        #expect(qc.sharpness.reason == "too little detail to judge sharpness")
    }

    /// A JPEG's own coefficients and a forward DCT of its decoded pixels give the same measure, so a
    /// JPEG and a HEIC of one picture are judged alike; the luma decoded alongside is TurboJPEG's.
    @Test func coefficientAndPixelRoutesAgree() throws {
        let data = try JPEGEncoder(quality: 95).encode(Self.scene)
        let decoder = JPEGDecoder()
        let fromCoefficients = try decoder.decodeGrayWithBands(data, scale: .full, layout: .fine)
        let pixels = try decoder.decodeGray(data, scale: .full)
        #expect(fromCoefficients.image == pixels)
        let a = try #require(EdgeDetail(bands: fromCoefficients.bands).value)
        let b = try #require(EdgeDetail(bands: DCTBandEnergies(image: pixels, layout: .fine)).value)
        #expect(abs(a - b) / a < 0.1, "coefficients \(a), pixels \(b)")
        #expect(fromCoefficients.bands.count == (1024 / 8) * (768 / 8))
        for scale in [JPEGScale.half, .quarter, .eighth] {
            #expect(try decoder.decodeGrayWithBands(data, scale: scale, layout: .coarse).image == decoder.decodeGray(data, scale: scale))
        }
    }

    @Test func largeFramesUseTheCoarseBands() throws {
        #expect(DCTBandLayout.forLongEdge(2048) == .fine && DCTBandLayout.forLongEdge(4000) == .coarse)
        let big = Fixtures.scene(width: 3200, height: 2400, seed: 3)
        let m = try measure(big)
        #expect(m.edge?.layout == .coarse)
        #expect(QualityCheck().verdict(for: m).sharpness.status == .pass, "\(String(describing: m.edge))")
        let blurred = try measure(Fixtures.blurred(big, radius: 4))
        #expect(QualityCheck().verdict(for: blurred).sharpness.status == .fail, "\(String(describing: blurred.edge))")
    }

    @Test func damagedInputIsAnErrorNotAGuess() throws {
        let data = try JPEGEncoder(quality: 90).encode(Self.scene)
        let decoder = JPEGDecoder()
        #expect(throws: MediaError.truncated) { try decoder.decodeGrayWithBands(data.prefix(data.count / 2), scale: .quarter, layout: .fine) }
        #expect(throws: MediaError.unsupportedFormat) { try decoder.decodeGrayWithBands(Data("not a jpeg".utf8), scale: .quarter, layout: .fine) }
        #expect(throws: MediaError.tooLarge) { try JPEGDecoder(maxPixels: 1000).decodeGrayWithBands(data, scale: .quarter, layout: .fine) }
        var corrupt = data
        for i in stride(from: corrupt.count / 3, to: corrupt.count / 3 + 400, by: 7) { corrupt[i] = 0xFF }
        #expect(throws: (any Error).self) { try decoder.decodeGrayWithBands(corrupt, scale: .quarter, layout: .fine) }
    }
}
