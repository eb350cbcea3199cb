import Foundation
import Testing
import RelaySync
import RelaySyncCorpus

/// Clock drift: measured within 5 ppm, and the offset (at the overlap start) still within 1 ms.
struct DriftTests {
    @Test(arguments: [40.0, -25.0])
    func driftingCamera(_ ppm: Double) throws {
        var s = SyncScenario(kind: .speech, seed: 50, masterSeconds: 60, cameraSeconds: 60, offsetSeconds: 4.321)
        s.driftPPM = ppm
        s.cameraSNRdB = 10
        let (master, camera) = s.render()
        let analysis = try SyncEngine().analyze(master: master, masterLabel: "A", cameras: ["D": camera])
        let detail = try #require(analysis.cameras["D"])
        #expect(abs(analysis.driftPPM["D"]! - ppm) < 5, "drift \(analysis.driftPPM["D"]!) ppm")
        #expect(abs(analysis.offsetsMs["D"]! - s.expectedOffsetMs) < 1)
        #expect(abs(detail.offsetAtMasterStartMs - s.offsetSeconds * 1000) < 1)
        #expect(analysis.classification["D"] == "looks-good")
    }

    @Test func driftingCameraStartingLate() throws {
        // Camera starts 10 s after the master: the reported offset is at master time ≈ 10 s.
        var s = SyncScenario(kind: .music, seed: 51, masterSeconds: 60, cameraSeconds: 45, offsetSeconds: -10)
        s.driftPPM = 40
        s.cameraSNRdB = 10
        let (master, camera) = s.render()
        let analysis = try SyncEngine().analyze(master: master, cameras: ["D": camera])
        #expect(abs(analysis.driftPPM["D"]! - 40) < 5)
        #expect(abs(analysis.offsetsMs["D"]! - s.expectedOffsetMs) < 1)
        #expect(abs(analysis.cameras["D"]!.overlapStartSeconds - 10) < 0.01)
    }
}
