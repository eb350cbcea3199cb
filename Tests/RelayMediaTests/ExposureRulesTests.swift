import Foundation
import Testing
import RelayMedia

/// Exposure judged by the scene (white and black points, clip spike, EXIF), on real encoded frames.
@Suite struct ExposureRulesTests {
    /// A frame whose luma follows `level(x, y)` (grey, so luma equals the value).
    func frame(width: Int = 800, height: Int = 600, _ level: (Int, Int) -> Int) -> RGBImage {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let v = UInt8(min(max(level(x, y), 0), 255))
                for c in 0..<3 { pixels[(y * width + x) * 3 + c] = v }
            }
        }
        return RGBImage(width: width, height: height, pixels: pixels)
    }

    func qc(_ image: RGBImage, ev100: Double? = nil) throws -> QCResult.Exposure {
        var m = try QualityCheck().measureJPEG(try JPEGEncoder(quality: 95).encode(image))
        m.ev100 = ev100
        return QualityCheck().verdict(for: m).exposure
    }

    /// A pale wall (mean ≈ 210, whites intact) is a correct exposure; the old mean rule failed it.
    /// Two stops more blows it out and fails.
    @Test func highKeySceneWithWhitesIntactPasses() throws {
        let wall = frame { x, y in 195 + (x * 7 + y * 3) % 40 }
        let exposure = try qc(wall)
        #expect(exposure.status == .pass, "\(exposure)")
        #expect(exposure.mean > 200)
        let blown = try qc(Fixtures.exposed(wall, ev: 2))
        #expect(blown.status == .fail, "\(blown)")
    }

    /// Whites that never reach 150 mean the frame got too little light — even at a mean a dark-toned
    /// scene could have.
    @Test func missingWhitesFailAsUnderexposure() throws {
        let normal = frame { x, y in 20 + (x + 2 * y) % 220 }
        #expect(try qc(normal).status == .pass)
        let under = try qc(Fixtures.exposed(normal, ev: -2))
        #expect(under.status == .fail, "\(under)")
        #expect(under.reason?.contains("whites reach only") == true)
        let whitePoint = try #require(under.whitePoint)
        #expect(whitePoint < 150)
    }

    /// A night scene: dark, but its lights reach the top without clipping much — low-key, not
    /// under-exposed.
    @Test func lowKeySceneWithLightsPasses() throws {
        let night = frame { x, y in (x / 40 + y / 40) % 9 == 0 && x % 40 < 4 ? 245 : 15 + (x + y) % 60 }
        let exposure = try qc(night)
        #expect(exposure.status != .fail, "\(exposure)")
    }

    /// A dusk shot without lights: the EXIF settings (EV100 3: a long exposure in dim light) say the
    /// light was dim, so its darkness is the scene's; with daylight settings (EV100 13) the same
    /// pixels are under-exposed.
    @Test func exifSettingsOfDimLightExemptADarkFrame() throws {
        let dusk = frame { x, y in 30 + (x + y) % 100 }
        #expect(try qc(dusk, ev100: 3).status != .fail)
        #expect(try qc(dusk, ev100: 13).status == .fail)
        #expect(try qc(dusk).status == .fail)
    }

    /// Clipping piles pixels into the last level: a spike there over the highlights below it fails the
    /// frame even when only a few percent clip.
    @Test func clipSpikeFailsBlownHighlights() throws {
        let normal = frame { x, y in 30 + (x * 3 + y) % 200 }
        let blown = frame { x, y in (x * 3 + y) % 200 < 14 ? 255 : 30 + (x * 3 + y) % 200 }
        let good = try qc(normal), bad = try qc(blown)
        #expect(good.status == .pass, "\(good)")
        #expect(bad.status == .fail, "\(bad)")
        #expect((bad.clipSpike ?? 0) > (good.clipSpike ?? 0))
    }

    @Test func jsonCarriesTheNewMeasuresBesideTheSeedShape() throws {
        let result = try QualityCheck().evaluateJPEG(try JPEGEncoder(quality: 92).encode(Fixtures.scene(width: 800, height: 600, seed: 4)))
        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(result)) as? [String: [String: Any]])
        #expect(json["sharpness"]?["score"] is Double && json["sharpness"]?["status"] is String)
        #expect(json["sharpness"]?["edge_width"] is Double)
        #expect(json["exposure"]?["status"] is String && json["exposure"]?["white_point"] is Double)
        #expect(json["exposure"]?["black_point"] is Double && json["exposure"]?["clip_spike"] is Double)
        #expect(try JSONDecoder().decode(QCResult.self, from: JSONEncoder().encode(result)) == result)
    }
}
