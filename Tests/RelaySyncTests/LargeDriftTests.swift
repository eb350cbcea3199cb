import Foundation
import Testing
import RelaySync
import RelaySyncCorpus

/// Cheap recorders and phones drift by 100–200 ppm: a 10-minute take is tracked up to ±250 ppm, the
/// drift reported within 2 ppm, the offset within 1 ms, and a camera that is right is never `no-match`.
/// Serialized: each case holds two 10-minute tracks and their spectra (~150 MB); five at once would
/// crowd the tests that measure memory.
@Suite(.serialized)
struct LargeDriftTests {
    @Test("10-minute takes drifting by up to ±250 ppm", arguments: [150.0, -80.0, 250.0, -250.0, 200.0])
    func largeDrift(_ ppm: Double) throws {
        var s = SyncScenario(kind: .speech, seed: 61, masterSeconds: 600, cameraSeconds: 580, offsetSeconds: 7.25)
        s.driftPPM = ppm
        s.cameraSNRdB = 20
        let (master, camera) = s.render()
        let analysis = try SyncEngine().analyze(master: master, masterLabel: "A", cameras: ["D": camera])
        let detail = try #require(analysis.cameras["D"])
        #expect(analysis.classification["D"] != "no-match", "\(detail.reason)")
        #expect(abs(analysis.driftPPM["D"]! - ppm) < 2, "drift \(analysis.driftPPM["D"]!) ppm against \(ppm)")
        #expect(abs(analysis.offsetsMs["D"]! - s.expectedOffsetMs) < 1, "offset \(analysis.offsetsMs["D"]!) against \(s.expectedOffsetMs)")
    }
}
