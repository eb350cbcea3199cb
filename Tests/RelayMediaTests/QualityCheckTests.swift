import Foundation
import Testing
import RelayMedia

@Suite struct QualityCheckTests {
    static let sharp = Fixtures.scene(width: 800, height: 600, seed: 21)

    /// JPEG-encode, then QC through the same path the agent uses.
    func qc(_ image: RGBImage, _ check: QualityCheck = QualityCheck()) throws -> QCResult {
        try check.evaluateJPEG(try JPEGEncoder(quality: 90).encode(image))
    }

    @Test func sharpPassesAndBlurredFails() throws {
        let sharp = try qc(Self.sharp)
        let blurred = try qc(Fixtures.blurred(Self.sharp, radius: 3))
        #expect(sharp.sharpness.status == .pass, "sharp scored \(sharp.sharpness.score)")
        #expect(blurred.sharpness.status == .fail, "blurred scored \(blurred.sharpness.score)")
        #expect(blurred.sharpness.reason != nil)
        #expect(sharp.sharpness.score > 10 * blurred.sharpness.score)
        #expect(sharp.exposure.status == .pass, "\(sharp.exposure)")
        #expect(sharp.status == .pass)
    }

    @Test func mildBlurIsBetween() throws {
        let slight = try qc(Fixtures.blurred(Self.sharp, radius: 1))
        let sharp = try qc(Self.sharp)
        let heavy = try qc(Fixtures.blurred(Self.sharp, radius: 3))
        #expect(heavy.sharpness.score < slight.sharpness.score && slight.sharpness.score < sharp.sharpness.score)
    }

    /// −2 EV also divides the Laplacian's variance by 16, so the dark photo fails sharpness too: the
    /// score measures contrast at edges, and the exposure verdict says why.
    @Test func darkFailsAndBrightIsFlagged() throws {
        let dark = try qc(Fixtures.exposed(Self.sharp, ev: -2))
        let bright = try qc(Fixtures.exposed(Self.sharp, ev: 2))
        #expect(dark.exposure.status == .fail, "\(dark.exposure)")
        #expect(dark.exposure.mean < 40)
        #expect(bright.exposure.status >= .warn, "\(bright.exposure)")
        #expect(bright.exposure.clippedHighlights > 0.10)
        #expect(bright.exposure.reason?.contains("highlights") == true)
    }

    @Test func clippedShadowsAreCounted() {
        var image = GrayImage(width: 100, height: 100, filledWith: 128)
        for i in 0..<5_000 { image.pixels[i] = 0 }  // top half black
        let result = QualityCheck().evaluate(image)
        #expect(result.exposure.clippedShadows == 0.5)
        #expect(result.exposure.status == .fail)
    }

    /// Normalisation: the same scene drawn at 800 and 400 px, each measured at a 200 px analysis size,
    /// scores within 10 % (measured here: 519.7 vs 528.6, 1.7 % apart); measured raw at their own
    /// resolutions the scores differ by 2× (130 vs 272).
    @Test func sameSceneAtTwoResolutionsScoresAlike() throws {
        let check = QualityCheck(analysisLongEdge: 200)
        let big = try JPEGEncoder(quality: 90).encode(Fixtures.scene(width: 800, height: 600, seed: 5))
        let small = try JPEGEncoder(quality: 90).encode(Fixtures.scene(width: 400, height: 300, seed: 5))
        let a = try check.measureJPEG(big).sharpness, b = try check.measureJPEG(small).sharpness
        #expect(abs(a - b) / max(a, b) < 0.10, "normalised 800 px: \(a), 400 px: \(b)")
        let rawA = QualityCheck.measureAsIs(try JPEGDecoder().decodeGray(big)).sharpness
        let rawB = QualityCheck.measureAsIs(try JPEGDecoder().decodeGray(small)).sharpness
        #expect(abs(rawA - rawB) / max(rawA, rawB) > 0.4, "raw 800 px: \(rawA), 400 px: \(rawB)")
    }

    @Test func jsonHasTheSeedShape() throws {
        let result = QCResult(
            sharpness: .init(score: 450, status: .pass),
            exposure: .init(status: .pass, mean: 118.4, clippedShadows: 0.001, clippedHighlights: 0.03))
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(result)) as? [String: Any]
        let sharpness = try #require(json?["sharpness"] as? [String: Any])
        let exposure = try #require(json?["exposure"] as? [String: Any])
        #expect(sharpness["score"] as? Double == 450 && sharpness["status"] as? String == "pass")
        #expect(sharpness["reason"] == nil)
        #expect(Set(exposure.keys) == ["status", "mean", "clipped_shadows", "clipped_highlights"])
        #expect(try JSONDecoder().decode(QCResult.self, from: JSONEncoder().encode(result)) == result)
    }

    @Test func undecodableIsAFailWithReason() {
        let result = QCResult.undecodable(reason: "truncated JPEG")
        #expect(result.status == .fail && result.sharpness.reason == "truncated JPEG")
    }
}
