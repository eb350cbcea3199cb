import Foundation
import RelaySync

/// A master/camera pair cut from one synthetic scene with a known offset (and drift, rates and
/// microphone effects), plus the truth to check the engine against.
///
/// Truth: with `offsetSeconds` = o and `driftPPM` = d, an event at master time t appears in the
/// camera at t + o + d·10⁻⁶·t (so `offset(t) = o + d·10⁻⁶·t`, the engine's convention).
package struct SyncScenario: Sendable {
    package var kind: SceneKind
    package var seed: UInt64
    package var masterRate = 8000
    package var cameraRate = 8000
    package var masterSeconds: Double
    package var cameraSeconds: Double
    /// Offset at master time 0 (s).
    package var offsetSeconds: Double
    package var driftPPM = 0.0
    package var cameraSNRdB: Double?
    package var masterSNRdB: Double?
    package var reverbRT60: Double?
    package var phoneBand = false
    /// The camera records a different scene (no shared audio).
    package var unrelated = false

    package init(kind: SceneKind, seed: UInt64, masterSeconds: Double, cameraSeconds: Double, offsetSeconds: Double) {
        self.kind = kind
        self.seed = seed
        self.masterSeconds = masterSeconds
        self.cameraSeconds = cameraSeconds
        self.offsetSeconds = offsetSeconds
    }

    /// Expected offset (ms) at the start of the overlap, the engine's reported offset.
    package var expectedOffsetMs: Double {
        let d = driftPPM * 1e-6
        let start = max(0, -offsetSeconds / (1 + d))
        return (offsetSeconds + d * start) * 1000
    }

    /// Renders the pair.
    package func render() -> (master: AudioTrack, camera: AudioTrack) {
        let session = renderSession(offsets: ["camera": offsetSeconds])
        return (session.master, session.cameras["camera"]!)
    }

    /// Renders the master and several cameras from one scene, camera `label` at offset
    /// `offsets[label]` (s, at master time 0); every other setting as for the pair. Each camera
    /// gets its own noise and room.
    package func renderSession(offsets: [String: Double]) -> (master: AudioTrack, cameras: [String: AudioTrack]) {
        let sceneRate = Double(masterRate)
        let d = driftPPM * 1e-6
        let masterCount = Int(masterSeconds * Double(masterRate))
        let cameraCount = Int(cameraSeconds * Double(cameraRate))
        let step = sceneRate / Double(cameraRate) / (1 + d)
        let labels = offsets.keys.sorted()
        // Scene position of each camera's sample 0 (master sample 0 is position 0).
        let starts = labels.map { -offsets[$0]! * sceneRate / (1 + d) }
        let lowest = min(0, starts.min()!) - 64
        let highest = max(Double(masterCount), starts.max()! + Double(cameraCount) * step) + 64
        let sceneSeconds = (highest - lowest) / sceneRate
        let scene = SceneSynthesizer.render(kind, seconds: sceneSeconds, rate: masterRate, seed: seed)
        let shift = Int(-lowest.rounded(.down))
        var master = Array(scene[shift..<min(scene.count, shift + masterCount)])
        if master.count < masterCount { master += [Float](repeating: 0, count: masterCount - master.count) }
        if let snr = masterSNRdB { master = RoomAcoustics.addNoise(master, snrDB: snr, seed: seed &+ 29) }

        let source = unrelated
            ? SceneSynthesizer.render(kind, seconds: sceneSeconds, rate: masterRate, seed: seed &+ 7777) : scene
        var cameras: [String: AudioTrack] = [:]
        for (index, label) in labels.enumerated() {
            let salt = UInt64(index) &* 1000
            var camera = BandlimitedSampler().sample(source, start: starts[index] + Double(shift), step: step, count: cameraCount)
            if let rt60 = reverbRT60 { camera = RoomAcoustics.reverberate(camera, rt60: rt60, rate: cameraRate, seed: seed &+ 11 &+ salt) }
            if phoneBand { camera = RoomAcoustics.phoneBand(camera, rate: cameraRate) }
            if let snr = cameraSNRdB { camera = RoomAcoustics.addNoise(camera, snrDB: snr, seed: seed &+ 23 &+ salt) }
            cameras[label] = AudioTrack(samples: camera, sampleRate: cameraRate)
        }
        return (AudioTrack(samples: master, sampleRate: masterRate), cameras)
    }
}
