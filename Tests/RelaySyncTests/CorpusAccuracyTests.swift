import Foundation
import Testing
import RelaySync
import RelaySyncCorpus

/// Every solvable pair of the generated corpus within 1 ms of the truth and classified
/// `looks-good`.
struct CorpusAccuracyTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var scenario: SyncScenario
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        func make(_ name: String, _ kind: SceneKind, seed: UInt64, master: Double, camera: Double, offset: Double,
                  _ tweak: (inout SyncScenario) -> Void = { _ in }) -> Case {
            var s = SyncScenario(kind: kind, seed: seed, masterSeconds: master, cameraSeconds: camera, offsetSeconds: offset)
            tweak(&s)
            return Case(name: name, scenario: s)
        }
        return [
            make("speech, −12.3456789 s", .speech, seed: 1, master: 40, camera: 40, offset: -12.3456789) { $0.cameraSNRdB = 20 },
            make("speech, +38.5 s (tens of seconds)", .speech, seed: 2, master: 60, camera: 50, offset: 38.5) { $0.cameraSNRdB = 20 },
            make("tones", .tones, seed: 3, master: 30, camera: 30, offset: -0.5125) { $0.cameraSNRdB = 20 },
            make("claps", .claps, seed: 4, master: 30, camera: 30, offset: 3.0001) { $0.cameraSNRdB = 10 },
            make("pink noise", .pinkNoise, seed: 5, master: 20, camera: 20, offset: 1.23456),
            make("white noise", .whiteNoise, seed: 6, master: 20, camera: 20, offset: -7.654321),
            make("reverb RT60 0.9 s", .speech, seed: 7, master: 40, camera: 40, offset: 20.5) { $0.reverbRT60 = 0.9; $0.cameraSNRdB = 10 },
            make("phone band 300–3400 Hz", .speech, seed: 8, master: 40, camera: 40, offset: -30.25) { $0.phoneBand = true; $0.cameraSNRdB = 10 },
            make("0 dB SNR both sides", .speech, seed: 9, master: 40, camera: 40, offset: 15.000125) { $0.cameraSNRdB = 0; $0.masterSNRdB = 0 },
            make("music, steady beat", .music, seed: 10, master: 40, camera: 40, offset: 7.77777) { $0.cameraSNRdB = 10 },
            make("music, 20 s cut-away at 0 dB", .music, seed: 11, master: 60, camera: 20, offset: -25.4321) { $0.cameraSNRdB = 0 },
            make("speech, 20 s cut-away, reverb, 0 dB", .speech, seed: 12, master: 60, camera: 20, offset: -31.1) {
                $0.cameraSNRdB = 0; $0.reverbRT60 = 0.8
            },
            make("48 kHz master vs 44.1 kHz camera", .speech, seed: 13, master: 12, camera: 12, offset: -2.2222) {
                $0.masterRate = 48000; $0.cameraRate = 44100; $0.cameraSNRdB = 20
            },
            make("16 kHz camera, 8 kHz master", .speech, seed: 14, master: 30, camera: 30, offset: 5.55555) { $0.cameraRate = 16000 },
        ]
    }()

    @Test(arguments: cases)
    func solvablePairWithinOneMillisecond(_ c: Case) throws {
        let (master, camera) = c.scenario.render()
        let analysis = try SyncEngine().analyze(master: master, masterLabel: "A", cameras: ["B": camera])
        let error = analysis.offsetsMs["B"]! - c.scenario.expectedOffsetMs
        #expect(abs(error) < 1, "\(c.name): error \(error) ms")
        #expect(analysis.classification["B"] == "looks-good", "\(c.name): \(analysis.cameras["B"]!.reason)")
        #expect(abs(analysis.driftPPM["B"]!) < 5, "\(c.name): spurious drift \(analysis.driftPPM["B"]!) ppm")
    }

    @Test func medianErrorIsSubMillisecond() throws {
        var errors: [Double] = []
        for (i, kind) in [SceneKind.speech, .music, .claps, .tones].enumerated() {
            var s = SyncScenario(kind: kind, seed: 100 + UInt64(i), masterSeconds: 30, cameraSeconds: 25, offsetSeconds: -3.3 + 2.1 * Double(i))
            s.cameraSNRdB = 6
            let (master, camera) = s.render()
            let analysis = try SyncEngine().analyze(master: master, cameras: ["X": camera])
            errors.append(abs(analysis.offsetsMs["X"]! - s.expectedOffsetMs))
        }
        let median = errors.sorted()[errors.count / 2]
        #expect(median < 0.5)
        #expect(errors.allSatisfy { $0 < 33.3 })
    }
}
