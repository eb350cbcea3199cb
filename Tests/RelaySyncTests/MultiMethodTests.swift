import Foundation
import Testing
import RelaySync
import RelaySyncCorpus

/// Seed 002's methods as independent estimators: each finds the offset within its resolution on its own,
/// the engine within 1 ms; unrelated audio gets low confidence from all of them.
struct MultiMethodTests {
    @Test("speech and claps: spectral within 1 ms, onset within 5 ms, mfcc within 10 ms; all agree", arguments: [
        (SceneKind.speech, 3.217), (.claps, 12.05), (.speech, -21.333),
    ])
    func methodsFindTheOffset(kind: SceneKind, offset: Double) throws {
        var scenario = SyncScenario(kind: kind, seed: 41, masterSeconds: 60, cameraSeconds: 45, offsetSeconds: offset)
        scenario.cameraSNRdB = 25
        let (master, dub) = scenario.render()
        let analysis = try MultiMethodAnalysis.run(
            master: master, dub: dub, methods: [.spectral, .onset, .mfcc], maxOffsetSeconds: 30)
        let truth = scenario.expectedOffsetMs / 1000
        let byMethod = Dictionary(uniqueKeysWithValues: analysis.results.map { ($0.method, $0) })
        #expect(abs(try #require(byMethod[.spectral]?.offsetSeconds) - truth) < 0.001, "\(analysis.results)")
        #expect(abs(try #require(byMethod[.onset]?.offsetSeconds) - truth) < 0.005, "truth \(truth): \(analysis.results)")
        #expect(abs(try #require(byMethod[.mfcc]?.offsetSeconds) - truth) < 0.010, "\(analysis.results)")
        #expect(analysis.primary.method == .spectral)
        #expect(analysis.agreement == 1)
        #expect((byMethod[.onset]?.confidence ?? 0) >= 0.5 && (byMethod[.mfcc]?.confidence ?? 0) >= 0.5, "\(analysis.results)")
    }

    /// A steady four-bar loop repeats every few seconds: features alone can pick another repetition. They
    /// may — but then they must say they are unsure, and the engine (windows + line support) stays right.
    @Test("a looping beat: the engine is right; a feature method is either right or unsure, never confidently wrong")
    func periodicMusic() throws {
        let scenario = SyncScenario(kind: .music, seed: 41, masterSeconds: 60, cameraSeconds: 45, offsetSeconds: -7.481)
        let (master, dub) = scenario.render()
        let analysis = try MultiMethodAnalysis.run(master: master, dub: dub, methods: [.spectral, .onset, .mfcc], maxOffsetSeconds: 30)
        let truth = scenario.expectedOffsetMs / 1000
        #expect(analysis.primary.method == .spectral && abs((analysis.primary.offsetSeconds ?? 99) - truth) < 0.001)
        for result in analysis.results where result.method != .spectral {
            let right = abs((result.offsetSeconds ?? 99) - truth) * 1000 <= 2 * result.resolutionMs
            #expect(right || result.confidence < 0.5, "\(result)")
            #expect(right || result.classification != "looks-good", "\(result)")
        }
    }

    @Test("unrelated recordings: no method is confident")
    func unrelated() throws {
        var scenario = SyncScenario(kind: .speech, seed: 7, masterSeconds: 40, cameraSeconds: 40, offsetSeconds: 2)
        scenario.unrelated = true
        let (master, dub) = scenario.render()
        let analysis = try MultiMethodAnalysis.run(master: master, dub: dub, methods: [.xcorr, .onset, .mfcc], maxOffsetSeconds: 20)
        for result in analysis.results {
            #expect(result.confidence < 0.3, "\(result)")
        }
        #expect(analysis.primary.classification != "looks-good" || analysis.primary.confidence < 0.3)
    }

    @Test("spectral and xcorr share one run; the primary is the engine")
    func aliases() throws {
        let (master, dub) = SyncScenario(kind: .speech, seed: 3, masterSeconds: 30, cameraSeconds: 30, offsetSeconds: -1.5).render()
        let analysis = try MultiMethodAnalysis.run(master: master, dub: dub, methods: [.xcorr, .spectral], maxOffsetSeconds: 10)
        #expect(analysis.results.map(\.method) == [.xcorr, .spectral])
        #expect(analysis.results[0].offsetSeconds == analysis.results[1].offsetSeconds)
        #expect(analysis.agreement == 1)
    }
}
