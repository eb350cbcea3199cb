import Foundation
import Testing
import RelayMedia

@Suite struct SessionExposureTests {
    func spin(_ brightness: (Int) -> Double) -> [SessionExposure.Frame] {
        (0..<24).map { SessionExposure.Frame(id: "f\($0)", position: Double($0 * 15), brightnessEV: brightness($0)) }
    }

    @Test func oneDarkFrameStandsOutAndNoOtherDoes() {
        // A car turning: brightness drifts ±0.3 EV round the ring; frame 7 is 1.5 EV darker.
        let offsets = SessionExposure.offsets(spin { i in 0.3 * sin(Double(i) * .pi / 12) - (i == 7 ? 1.5 : 0) }, period: 360)
        #expect(offsets.count == 24)
        #expect(abs((offsets["f7"] ?? 0) + 1.5) < 0.2, "\(offsets["f7"] ?? 0)")
        for (id, offset) in offsets where id != "f7" { #expect(abs(offset) < 0.5, "\(id): \(offset)") }
    }

    @Test func theRingCloses() {
        // Frame 0's nearest neighbours are 345°, 330°, 315° and 15°, 30°, 45°: frame 0 bright, 23 dark.
        let offsets = SessionExposure.offsets(spin { i in i == 0 ? 2 : 0 }, period: 360)
        #expect(abs((offsets["f0"] ?? 0) - 2) < 1e-9)
        #expect(SessionExposure.distance(350, 10, period: 360) == 20)
        #expect(SessionExposure.distance(350, 10, period: nil) == 340)
    }

    @Test func tooFewFramesAreNotJudged() {
        let frames = (0..<3).map { SessionExposure.Frame(id: "\($0)", position: Double($0), brightnessEV: $0 == 1 ? -3 : 0) }
        #expect(SessionExposure.offsets(frames, period: nil).isEmpty)
    }

    @Test func verdictNamesTheAngleAndKeepsTheFramesOwnFindings() {
        let qc = QCResult(
            sharpness: .init(score: 300, status: .pass, edgeWidth: 2.2),
            exposure: .init(status: .warn, mean: 90, clippedShadows: 0, clippedHighlights: 0, reason: "dark: the whites reach only 160 (below 165)"))
        let thresholds = QCThresholds()
        let failed = SessionExposure.applying(offset: -1.46, angle: 105, to: qc, thresholds: thresholds)
        #expect(failed.exposure.status == .fail && failed.status == .fail)
        #expect(failed.exposure.sessionOffsetEV == -1.46)
        #expect(failed.exposure.reason == "dark: the whites reach only 160 (below 165); 1.5 EV darker than its session neighbours (frame at 105°)")
        let warned = SessionExposure.applying(offset: 0.8, angle: nil, to: qc, thresholds: thresholds)
        #expect(warned.exposure.status == .warn && warned.exposure.reason?.contains("0.8 EV brighter") == true)
        let fine = SessionExposure.applying(offset: 0.2, angle: 15, to: qc, thresholds: thresholds)
        #expect(fine.exposure.status == .warn && fine.exposure.reason == qc.exposure.reason && fine.exposure.sessionOffsetEV == 0.2)
    }

    /// On real encoded frames: the brightness QC reports moves by the exposure change.
    @Test func brightnessFollowsExposure() throws {
        let scene = Fixtures.scene(width: 800, height: 600, seed: 9)
        let check = QualityCheck()
        let normal = try check.evaluateJPEG(try JPEGEncoder(quality: 92).encode(scene)).exposure.brightnessEV ?? 0
        // −1.5 EV in linear light (sRGB γ 2.2), as a camera under-exposes.
        let table: [UInt8] = (0..<256).map { UInt8((pow(pow(Double($0) / 255, 2.2) * pow(2, -1.5), 1 / 2.2) * 255).rounded()) }
        let darker = RGBImage(width: scene.width, height: scene.height, pixels: scene.pixels.map { table[Int($0)] })
        let dark = try check.evaluateJPEG(try JPEGEncoder(quality: 92).encode(darker)).exposure.brightnessEV ?? 0
        #expect(abs((normal - dark) - 1.5) < 0.3, "normal \(normal), −1.5 EV \(dark)")
    }
}

extension SessionExposureTests {
    func entry(_ id: String, angle: Double?, brightness: Double) -> SessionExposure.Entry {
        .init(id: id, angle: angle, qc: QCResult(
            sharpness: .init(score: 1, status: .pass),
            exposure: .init(status: .pass, mean: 120, clippedShadows: 0, clippedHighlights: 0, brightnessEV: brightness)))
    }

    /// Spins are judged, once; stills sessions (interiors beside exteriors) are not compared.
    @Test func judgesSpinsOnlyAndEachFrameOnce() {
        let spin = (0..<8).map { entry("f\($0)", angle: Double($0 * 45), brightness: $0 == 3 ? -1.6 : 0) }
        let verdicts = SessionExposure.judge(spin, thresholds: QCThresholds())
        #expect(verdicts.count == 8)
        #expect(verdicts["f3"]?.exposure.status == .fail && verdicts["f3"]?.exposure.reason?.contains("135°") == true)
        #expect(verdicts.filter { $0.key != "f3" }.allSatisfy { $0.value.exposure.status == .pass })
        var again = spin
        again[3].qc = verdicts["f3"]!
        #expect(SessionExposure.judge(again, thresholds: QCThresholds())["f3"] == nil)
        let stills = (0..<8).map { entry("s\($0)", angle: nil, brightness: $0 == 3 ? -2.5 : 0) }
        #expect(SessionExposure.judge(stills, thresholds: QCThresholds()).isEmpty)
    }
}
