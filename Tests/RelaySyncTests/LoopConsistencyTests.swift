import Foundation
import Testing
import RelaySync
import RelaySyncCorpus

/// Pairwise loops (master→X + X→Y ≈ master→Y) close for consistent cameras and expose an
/// inconsistent one.
struct LoopConsistencyTests {
    /// Master plus three cameras cut from one scene.
    static func session() throws -> (SyncAnalysis, [String: Double]) {
        let truth: [String: Double] = ["B": 3.25, "C": -6.5, "D": 11.125]
        var s = SyncScenario(kind: .speech, seed: 60, masterSeconds: 40, cameraSeconds: 30, offsetSeconds: 0)
        s.cameraSNRdB = 10
        let (master, cameras) = s.renderSession(offsets: truth)
        let analysis = try SyncEngine().analyze(master: master, masterLabel: "A", cameras: cameras)
        return (analysis, truth.mapValues { $0 * 1000 })
    }

    @Test func consistentSessionClosesEveryLoop() throws {
        let (analysis, truth) = try Self.session()
        for (label, expected) in truth { #expect(abs(analysis.offsetsMs[label]! - expected) < 1) }
        #expect(analysis.loops.count == 3)
        for loop in analysis.loops { #expect(abs(loop.residualMs) < 0.5, "\(loop.first)-\(loop.second): \(loop.residualMs) ms") }
        #expect(analysis.inconsistentCameras.isEmpty)
        // Direct camera-to-camera offsets follow the convention too: C relative to B.
        let bc = try #require(analysis.loops.first { $0.first == "B" && $0.second == "C" })
        #expect(abs(bc.directOffsetMs - (truth["C"]! - truth["B"]!)) < 1)
    }

    @Test func injectedWrongOffsetIsFlagged() throws {
        let (analysis, _) = try Self.session()
        var tampered = analysis.offsetsMs
        tampered["C"]! += 40  // e.g. a beat-ambiguous match one frame off
        let loops = analysis.loops.map { loop in
            var l = loop
            l.residualMs = LoopConsistency.residual(masterOffsetsMs: tampered, first: loop.first, second: loop.second,
                                                    directOffsetMs: loop.directOffsetMs)!
            return l
        }
        let flagged = LoopConsistency.inconsistentCameras(loops: loops, toleranceMs: 2, strength: analysis.confidence)
        #expect(flagged == ["C"])
    }

    /// End to end: camera C's file joins two takes (20 s from master time 10–30 s, then 25 s from
    /// master time 70–95 s, after the master stopped). Against the master only the first take can
    /// match; against camera B (master time 40–80 s) only the second. The loop does not close and
    /// C — the camera with the weaker master match — is flagged and downgraded.
    @Test func splicedCameraBreaksTheLoop() throws {
        var s = SyncScenario(kind: .speech, seed: 61, masterSeconds: 60, cameraSeconds: 40, offsetSeconds: 0)
        s.cameraSNRdB = 10
        let (master, cameras) = s.renderSession(offsets: ["B": -40, "C1": -10, "C2": -70])
        let rate = cameras["C1"]!.sampleRate
        let spliced = AudioTrack(samples: Array(cameras["C1"]!.samples.prefix(20 * rate)) + Array(cameras["C2"]!.samples.prefix(25 * rate)),
                                 sampleRate: rate)
        let analysis = try SyncEngine().analyze(master: master, masterLabel: "A", cameras: ["B": cameras["B"]!, "C": spliced])
        #expect(abs(analysis.offsetsMs["B"]! + 40000) < 1)
        #expect(abs(analysis.offsetsMs["C"]! + 10000) < 1)  // the first take is what matches the master
        let loop = try #require(analysis.loops.first)
        #expect(abs(loop.residualMs) > 1000, "residual \(loop.residualMs) ms")
        #expect(analysis.inconsistentCameras == ["C"])
        #expect(analysis.classification["C"] != "looks-good")
        #expect(analysis.classification["B"] == "looks-good")
    }

    @Test func singleLoopBlamesTheLessConfidentCamera() {
        let loop = LoopResidual(first: "B", second: "C", directOffsetMs: 0, residualMs: 12, directClassification: "looks-good")
        #expect(LoopConsistency.inconsistentCameras(loops: [loop], toleranceMs: 2, strength: ["B": 0.9, "C": 0.6]) == ["C"])
        #expect(LoopConsistency.inconsistentCameras(loops: [loop], toleranceMs: 20, strength: ["B": 0.9, "C": 0.6]).isEmpty)
    }
}
