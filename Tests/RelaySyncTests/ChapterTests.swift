import Foundation
import RelaySync
import RelaySyncCorpus
import Testing

/// Cameras that recorded in several files: each file placed on the master's timeline on its own, gaps
/// between them measured, the master's files joined end to end.
struct ChapterTests {
    /// Samples `from`…`to` seconds of `track`.
    static func cut(_ track: AudioTrack, _ from: Double, _ to: Double) -> AudioTrack {
        let rate = Double(track.sampleRate)
        return AudioTrack(samples: Array(track.samples[Int(from * rate)..<min(track.samples.count, Int(to * rate))]), sampleRate: track.sampleRate)
    }

    @Test("three chapters with 2 s gaps (and a master in two files): every file within 1 ms, gaps within 1 ms")
    func chaptersWithGaps() throws {
        var scenario = SyncScenario(kind: .speech, seed: 71, masterSeconds: 120, cameraSeconds: 118, offsetSeconds: 1.5)
        scenario.cameraSNRdB = 15
        let (master, camera) = scenario.render()
        // The camera's recording cut into [0, 35), [37, 75), [77, 118): 2 s lost between files.
        let pieces = [(0.0, 35.0), (37.0, 75.0), (77.0, 118.0)]
        let files = pieces.enumerated().map { index, piece in
            CameraFile(number: index + 1, id: "B\(index + 1)", track: Self.cut(camera, piece.0, piece.1))
        }
        let masterFiles = [
            CameraFile(number: 1, id: "A1", track: Self.cut(master, 0, 60)), CameraFile(number: 2, id: "A2", track: Self.cut(master, 60, 120)),
        ]
        let analysis = try SyncEngine().analyze(masterFiles: masterFiles, masterLabel: "A", cameraFiles: ["B": files.reversed()])
        let placed = try #require(analysis.files?["B"])
        #expect(placed.map(\.number) == [1, 2, 3], "taken in chapter order whatever the input order")
        for (file, piece) in zip(placed, pieces) {
            // A file starting `piece.0` s into the camera's recording: offset 1500 − 1000·piece.0 ms.
            let truth = 1500 - 1000 * piece.0
            #expect(abs(file.offsetAtMasterStartMs - truth) < 1, "\(file.id): \(file.offsetAtMasterStartMs) vs \(truth)")
            #expect(file.classification == "looks-good", "\(file.id): \(file.reason)")
            #expect(abs((file.startSeconds ?? -1) - (piece.0 - 1.5)) < 0.001, "\(file.id) starts at \(file.startSeconds ?? -1)")
        }
        #expect(placed[0].gapBeforeMs == nil)
        for file in placed.dropFirst() { #expect(abs((file.gapBeforeMs ?? 0) - 2000) < 1, "\(file.id): gap \(file.gapBeforeMs ?? .nan)") }
        #expect(analysis.offsetsMs["B"] == placed[0].offsetMs, "the camera-level offset is its first file's")
        let masterPlaced = try #require(analysis.files?["A"])
        #expect(masterPlaced.map(\.startSeconds) == [0, 60] && masterPlaced.map(\.id) == ["A1", "A2"])
    }

    @Test("a file with other audio is no-match, unplaced; the next file is still found after it")
    func unrelatedChapter() throws {
        var scenario = SyncScenario(kind: .music, seed: 72, masterSeconds: 90, cameraSeconds: 88, offsetSeconds: -0.75)
        scenario.cameraSNRdB = 15
        let (master, camera) = scenario.render()
        var other = SyncScenario(kind: .speech, seed: 999, masterSeconds: 30, cameraSeconds: 30, offsetSeconds: 0)
        other.unrelated = true
        let stranger = other.render().camera
        let files = [
            CameraFile(number: 1, id: "c1", track: Self.cut(camera, 0, 30)), CameraFile(number: 2, id: "c2", track: stranger),
            CameraFile(number: 3, id: "c3", track: Self.cut(camera, 60, 88)),
        ]
        let analysis = try SyncEngine().analyze(
            masterFiles: [CameraFile(number: 1, id: "m", track: master)], masterLabel: "A", cameraFiles: ["B": files])
        let placed = try #require(analysis.files?["B"])
        #expect(placed[1].classification == "no-match" && placed[1].startSeconds == nil && placed[1].gapBeforeMs == nil)
        #expect(placed[2].gapBeforeMs == nil, "no gap to a file that was not placed")
        #expect(abs(placed[2].offsetAtMasterStartMs - (-750 - 60_000)) < 1, "\(placed[2].offsetAtMasterStartMs)")
        #expect(placed[2].classification == "looks-good")
    }

    @Test("one file per camera: no file list, the same result as before")
    func singleFiles() throws {
        let scenario = SyncScenario(kind: .speech, seed: 73, masterSeconds: 30, cameraSeconds: 30, offsetSeconds: 0.25)
        let (master, camera) = scenario.render()
        let analysis = try SyncEngine().analyze(master: master, masterLabel: "A", cameras: ["B": camera])
        #expect(analysis.files == nil)
        #expect(abs(analysis.offsetsMs["B"]! - 250) < 1)
    }
}
