import Foundation
import Synchronization
import Testing
import RelaySync
import RelaySyncCorpus

/// The result's shape: Codable, progress reporting, the SVG artifact, errors.
struct ResultTests {
    static func pair() -> (AudioTrack, AudioTrack, SyncScenario) {
        var s = SyncScenario(kind: .speech, seed: 80, masterSeconds: 30, cameraSeconds: 25, offsetSeconds: -4.5)
        s.cameraSNRdB = 10
        let (m, c) = s.render()
        return (m, c, s)
    }

    final class ProgressLog: Sendable {
        let values = Mutex<[Double]>([])
    }

    @Test func progressIsMonotonicAndEndsAtOne() throws {
        let (m, c, _) = Self.pair()
        let log = ProgressLog()
        _ = try SyncEngine().analyze(master: m, cameras: ["B": c, "C": c]) { value in log.values.withLock { $0.append(value) } }
        let values = log.values.withLock { $0 }
        #expect(values.count >= 4)
        #expect(zip(values, values.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(values.first! >= 0 && values.last! == 1)
    }

    @Test func analysisRoundTripsThroughJSON() throws {
        let (m, c, _) = Self.pair()
        let analysis = try SyncEngine().analyze(master: m, masterLabel: "A", cameras: ["B": c])
        let data = try JSONEncoder().encode(analysis)
        let decoded = try JSONDecoder().decode(SyncAnalysis.self, from: data)
        #expect(decoded == analysis)
        #expect(analysis.method.contains("GCC-PHAT"))
        #expect(analysis.cameras["B"]!.windows.count >= 2)
    }

    @Test func correlationPlotIsSmallSVG() throws {
        let (m, c, s) = Self.pair()
        let analysis = try SyncEngine().analyze(master: m, masterLabel: "A", cameras: ["B": c])
        let svg = try #require(CorrelationPlot.svg(analysis: analysis, camera: "B"))
        #expect(svg.hasPrefix("<svg"))
        #expect(svg.contains("polyline"))
        #expect(svg.utf8.count < 50_000)
        let trace = try #require(analysis.traces["B"])
        #expect(abs(trace.finePeakMs - s.expectedOffsetMs) < 1)
        #expect(trace.fine.count == 801)
    }

    @Test func tooShortTrackThrows() {
        let short = AudioTrack(samples: [Float](repeating: 0, count: 100), sampleRate: 8000)
        #expect(throws: SyncError.trackTooShort(label: "master", seconds: 100.0 / 8000)) {
            try SyncEngine().analyze(master: short, cameras: ["B": short])
        }
    }

    @Test func searchRangeIsRespected() throws {
        var s = SyncScenario(kind: .speech, seed: 81, masterSeconds: 60, cameraSeconds: 30, offsetSeconds: 25)
        s.cameraSNRdB = 10
        let (m, c) = s.render()
        let narrow = try SyncEngine(configuration: SyncConfiguration(searchRangeSeconds: 10)).analyze(master: m, cameras: ["B": c])
        #expect(narrow.classification["B"] == "no-match")
        let wide = try SyncEngine(configuration: SyncConfiguration(searchRangeSeconds: 600)).analyze(master: m, cameras: ["B": c])
        #expect(abs(wide.offsetsMs["B"]! - 25000) < 1)
    }
}
