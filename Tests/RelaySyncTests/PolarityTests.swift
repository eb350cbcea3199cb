import Foundation
import Testing
import RelaySync
import RelaySyncCorpus

/// A camera wired with inverted polarity still matches, and says so.
struct PolarityTests {
    @Test func invertedCameraIsFoundAndReported() throws {
        var s = SyncScenario(kind: .speech, seed: 90, masterSeconds: 30, cameraSeconds: 30, offsetSeconds: -1.75)
        s.cameraSNRdB = 10
        let (master, camera) = s.render()
        let inverted = AudioTrack(samples: camera.samples.map { -$0 }, sampleRate: camera.sampleRate)
        let analysis = try SyncEngine().analyze(master: master, cameras: ["I": inverted])
        #expect(abs(analysis.offsetsMs["I"]! - s.expectedOffsetMs) < 1)
        #expect(analysis.cameras["I"]!.polarityInverted)
        #expect(analysis.classification["I"] == "looks-good")
    }
}
