import Foundation
import Testing
import RelaySync
import RelaySyncCorpus

/// Cameras without shared audio are flagged; cameras that do share it are not.
struct ClassificationTests {
    @Test(arguments: [SceneKind.speech, .music, .claps])
    func unrelatedCameraIsFlagged(_ kind: SceneKind) throws {
        var s = SyncScenario(kind: kind, seed: 40, masterSeconds: 40, cameraSeconds: 40, offsetSeconds: 0)
        s.unrelated = true
        s.cameraSNRdB = 10
        let (master, camera) = s.render()
        let analysis = try SyncEngine().analyze(master: master, masterLabel: "A", cameras: ["U": camera])
        #expect(analysis.classification["U"] != "looks-good", "\(analysis.cameras["U"]!.reason)")
        #expect(analysis.confidence["U"]! < 0.5)
    }

    @Test func unrelatedShortClipIsFlagged() throws {
        var s = SyncScenario(kind: .speech, seed: 41, masterSeconds: 60, cameraSeconds: 20, offsetSeconds: -20)
        s.unrelated = true
        let (master, camera) = s.render()
        let analysis = try SyncEngine().analyze(master: master, cameras: ["U": camera])
        #expect(analysis.classification["U"] != "looks-good")
    }

    @Test func mixedSessionFlagsOnlyTheUnrelatedCamera() throws {
        var good = SyncScenario(kind: .speech, seed: 42, masterSeconds: 40, cameraSeconds: 35, offsetSeconds: 4.2)
        good.cameraSNRdB = 6
        var bad = good
        bad.unrelated = true
        let (master, camera) = good.render()
        let (_, unrelated) = bad.render()
        let analysis = try SyncEngine().analyze(master: master, masterLabel: "A", cameras: ["B": camera, "C": unrelated])
        #expect(analysis.classification["B"] == "looks-good")
        #expect(analysis.classification["C"] != "looks-good")
        #expect(abs(analysis.offsetsMs["B"]! - good.expectedOffsetMs) < 1)
    }
}
