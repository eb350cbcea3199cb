import RelaySync
import RelaySyncCorpus

/// The benchmark's pairs: many solvable ones across scene kinds, offsets (±100 s, fractional),
/// noise, rooms, microphones, rates, drift and clip lengths, plus unrelated ones.
enum BenchCorpus {
    struct Pair {
        var label: String
        var scenario: SyncScenario
    }

    static func solvable(count: Int) -> [Pair] {
        var rng = SeededRandom(seed: 2024)
        let kinds: [SceneKind] = [.speech, .music, .claps, .tones, .pinkNoise, .speech, .music]
        var pairs: [Pair] = []
        for i in 0..<count {
            let kind = kinds[i % kinds.count]
            let condition = i % 12
            var master = rng.range(60, 150), camera = rng.range(40, 150)
            var label = "\(kind.rawValue)"
            var tweak: (inout SyncScenario) -> Void = { _ in }
            switch condition {
            case 0: label += " 20dB"; tweak = { $0.cameraSNRdB = 20 }
            case 1: label += " 10dB"; tweak = { $0.cameraSNRdB = 10 }
            case 2: label += " 6dB"; tweak = { $0.cameraSNRdB = 6; $0.masterSNRdB = 20 }
            case 3: label += " 0dB both"; tweak = { $0.cameraSNRdB = 0; $0.masterSNRdB = 0 }
            case 4: label += " reverb0.6 10dB"; tweak = { $0.reverbRT60 = 0.6; $0.cameraSNRdB = 10 }
            case 5: label += " reverb1.0 0dB"; tweak = { $0.reverbRT60 = 1.0; $0.cameraSNRdB = 0 }
            case 6: label += " phone 6dB"; tweak = { $0.phoneBand = true; $0.cameraSNRdB = 6 }
            case 7: label += " cutaway20 6dB"; camera = 20; tweak = { $0.cameraSNRdB = 6 }
            case 8: label += " cutaway30 0dB rev"; camera = 30; tweak = { $0.cameraSNRdB = 0; $0.reverbRT60 = 0.7 }
            case 9: label += " 48k/44.1k"; master = min(master, 60); camera = min(camera, 60)
                tweak = { $0.masterRate = 48000; $0.cameraRate = 44100; $0.cameraSNRdB = 10 }
            case 10:
                let ppm = rng.range(-60, 60)
                label += " drift \(Int(ppm))ppm"
                tweak = { $0.driftPPM = ppm; $0.cameraSNRdB = 10 }
            default: label += " 16k cam 6dB"; tweak = { $0.cameraRate = 16000; $0.cameraSNRdB = 6 }
            }
            // Offset within ±100 s leaving ≥ 15 s of overlap.
            let low = max(-100, -(master - 15)), high = min(100, camera - 15)
            let offset = rng.range(low, high)
            var s = SyncScenario(kind: kind, seed: 5000 + UInt64(i), masterSeconds: master, cameraSeconds: camera, offsetSeconds: offset)
            tweak(&s)
            pairs.append(Pair(label: label, scenario: s))
        }
        // Long drifting recordings (20 min at 8 kHz).
        for (j, ppm) in [35.0, -22.0].enumerated() {
            var s = SyncScenario(kind: .speech, seed: 9000 + UInt64(j), masterSeconds: 1200, cameraSeconds: 1150, offsetSeconds: 41.37 * (j == 0 ? 1 : -1))
            s.driftPPM = ppm
            s.cameraSNRdB = 6
            pairs.append(Pair(label: "speech 20min drift \(Int(ppm))ppm", scenario: s))
        }
        return pairs
    }

    /// Master and camera from different scenes: every kind against every kind, 20 s and 90 s
    /// cameras against a 120 s master, 10 dB of independent noise on the camera.
    static func unrelated() -> [(label: String, master: AudioTrack, camera: AudioTrack)] {
        let kinds = SceneKind.allCases
        var pairs: [(label: String, master: AudioTrack, camera: AudioTrack)] = []
        var seed: UInt64 = 7000
        for masterKind in kinds {
            for cameraKind in kinds {
                for seconds in [20.0, 90.0] {
                    seed += 1
                    let master = SceneSynthesizer.render(masterKind, seconds: 120, rate: 8000, seed: seed)
                    let camera = RoomAcoustics.addNoise(
                        SceneSynthesizer.render(cameraKind, seconds: seconds, rate: 8000, seed: seed &+ 100_000),
                        snrDB: 10, seed: seed &+ 200_000)
                    pairs.append(("\(masterKind.rawValue)/\(cameraKind.rawValue) \(Int(seconds))s",
                                  AudioTrack(samples: master, sampleRate: 8000), AudioTrack(samples: camera, sampleRate: 8000)))
                }
            }
        }
        return pairs
    }
}
