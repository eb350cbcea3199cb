import Foundation
import Testing
import RelaySync
import RelaySyncCorpus

/// The offset's sign, checked on hand-placed claps (independent of the corpus' scenario maths).
struct SignConventionTests {
    /// 20 s at 8 kHz of quiet room tone with claps at the given times.
    static func claps(at times: [Double], seed: UInt64) -> AudioTrack {
        var rng = SeededRandom(seed: seed)
        let rate = 8000
        var x = (0..<(20 * rate)).map { _ in Float(rng.gaussian() * 0.001) }
        var shape = SeededRandom(seed: 99)
        let burst = (0..<400).map { Float(shape.gaussian() * exp(-Double($0) / 60)) }
        for t in times {
            let start = Int((t * Double(rate)).rounded())
            for k in burst.indices where start + k < x.count { x[start + k] += 0.5 * burst[k] }
        }
        return AudioTrack(samples: x, sampleRate: rate)
    }

    @Test func clapLaterInCameraGivesPositiveOffset() throws {
        // Clap at 10.000 s in the master and 11.234 s in camera B: B = +1234 ms.
        let master = Self.claps(at: [2.5, 6.1, 10.0, 14.2, 17.9], seed: 1)
        let camera = Self.claps(at: [3.734, 7.334, 11.234, 15.434, 19.134], seed: 2)
        let analysis = try SyncEngine().analyze(master: master, masterLabel: "A", cameras: ["B": camera])
        #expect(abs(analysis.offsetsMs["B"]! - 1234) < 1)
        #expect(analysis.offsetsMs["A"] == 0)
        #expect(analysis.classification["B"] == "looks-good")
    }

    @Test func clapEarlierInCameraGivesNegativeOffset() throws {
        let master = Self.claps(at: [4.5, 8.25, 12.0, 16.7], seed: 3)
        let camera = Self.claps(at: [2.0, 5.75, 9.5, 14.2], seed: 4)  // 2.5 s earlier in the camera's file
        let analysis = try SyncEngine().analyze(master: master, masterLabel: "A", cameras: ["C": camera])
        #expect(abs(analysis.offsetsMs["C"]! + 2500) < 1)
    }
}
