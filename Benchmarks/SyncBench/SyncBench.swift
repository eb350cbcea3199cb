import Foundation
import RelaySync
import RelaySyncCorpus

/// `relay-sync-bench [--pairs N] [--minutes M] [--keep]` (or `--decode FILE...` for the decode cost of real files;
/// `SYNC_BENCH_VERBOSE=1` lists every solvable pair not classified looks-good or off by > 1 ms,
/// `SYNC_BENCH_SVG=path` writes the long-drift pair's correlation plot): accuracy over a generated corpus of
/// solvable pairs, the verdict on unrelated cameras, and CPU cost per camera-hour on WAV input
/// including decode (plus AAC/M4A decode through ffmpeg), against the 2.5 CPU-s target.
@main
struct SyncBench {
    static let targetCPUSecondsPerCameraHour = 2.5

    static func main() throws {
        let args = CommandLine.arguments
        if let index = args.firstIndex(of: "--decode") {
            // Decode cost of real files: relay-sync-bench --decode FILE...
            for path in args[(index + 1)...] {
                let ((track, ffmpegCPU), cpu) = try CPUClock.measure { () throws -> (AudioTrack, Double) in
                    let c0 = CPUClock.children()
                    let track = try AudioDecoder().decode(URL(fileURLWithPath: path))
                    return (track, CPUClock.children() - c0)
                }
                print(String(format: "%@: %.1f s of audio, %.3f CPU-s (ffmpeg %.3f) = %.3f CPU-s per hour", path,
                             track.durationSeconds, cpu, ffmpegCPU, cpu / track.durationSeconds * 3600))
            }
            return
        }
        let pairCount = args.firstIndex(of: "--pairs").flatMap { Int(args[$0 + 1]) } ?? 96
        let minutes = args.firstIndex(of: "--minutes").flatMap { Double(args[$0 + 1]) } ?? 15
        let engine = SyncEngine()
        print("== relay-sync-bench: \(engine.configuration.analysisRate) Hz analysis, coarse \(engine.configuration.coarseRate) Hz, "
              + "search ±\(Int(engine.configuration.searchRangeSeconds)) s ==")

        // (1) Accuracy.
        var errors: [Double] = []
        var matchLineZ: [(Double, String)] = []
        var classes: [String: Int] = [:]
        var driftErrors: [Double] = []
        var worst: [(Double, String)] = []
        for pair in BenchCorpus.solvable(count: pairCount) {
            let (master, camera) = pair.scenario.render()
            let analysis = try engine.analyze(master: master, masterLabel: "A", cameras: ["B": camera])
            let error = abs(analysis.offsetsMs["B"]! - pair.scenario.expectedOffsetMs)
            errors.append(error)
            worst.append((error, pair.label + " (" + analysis.classification["B"]! + ")"))
            classes[analysis.classification["B"]!, default: 0] += 1
            matchLineZ.append((analysis.cameras["B"]!.lineZ, pair.label))
            if ProcessInfo.processInfo.environment["SYNC_BENCH_VERBOSE"] != nil, analysis.classification["B"] != "looks-good" || error > 1 {
                let d = analysis.cameras["B"]!
                print(String(format: "  %@: Z %.1f err %.3f ms, %@ — %@ [master %.0f s, camera %.0f s, offset %.2f s; windows z: %@]",
                             pair.label, d.lineZ, error, d.classification, d.reason, pair.scenario.masterSeconds, pair.scenario.cameraSeconds,
                             pair.scenario.offsetSeconds, d.windows.map { String(format: "%.1f/%.1f%@", $0.peakZ, $0.lineZ, $0.inlier ? "" : "x") }.joined(separator: " ")))
            }
            if pair.scenario.driftPPM != 0 { driftErrors.append(abs(analysis.driftPPM["B"]! - pair.scenario.driftPPM)) }
        }
        let sorted = errors.sorted()
        func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int(p * Double(sorted.count - 1)))] }
        print("\n-- accuracy: \(errors.count) solvable pairs (speech/music/claps/tones/pink; SNR 20…0 dB, RT60 0.6–1 s, phone band, "
              + "20–30 s cut-aways, 48/44.1/16 kHz, drift ±60 ppm incl. two 20-min recordings; offsets ±100 s) --")
        print(String(format: "abs error: median %.4f ms, p95 %.4f ms, max %.4f ms", percentile(0.5), percentile(0.95), sorted.last!))
        print(String(format: "within 1 ms: %.1f %%   within 33.3 ms (one frame at 30 fps): %.1f %%",
                     100 * Double(errors.filter { $0 <= 1 }.count) / Double(errors.count),
                     100 * Double(errors.filter { $0 <= 33.3 }.count) / Double(errors.count)))
        print("classification of solvable pairs: " + classes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        print("lowest line support Z of solvable pairs: " + matchLineZ.sorted { $0.0 < $1.0 }.prefix(3)
            .map { String(format: "%.1f %@", $0.0, $0.1) }.joined(separator: "; "))
        if !driftErrors.isEmpty {
            print(String(format: "drift error: median %.2f ppm, max %.2f ppm over %d drifting pairs",
                         driftErrors.sorted()[driftErrors.count / 2], driftErrors.max()!, driftErrors.count))
        }
        print("largest errors: " + worst.sorted { $0.0 > $1.0 }.prefix(3).map { String(format: "%.4f ms %@", $0.0, $0.1) }.joined(separator: "; "))

        // (2) Unrelated cameras.
        var unrelatedClasses: [String: Int] = [:]
        var maxConfidence = 0.0
        var nullLineZ: [(Double, String)] = []
        let unrelated = BenchCorpus.unrelated()
        for pair in unrelated {
            let analysis = try engine.analyze(master: pair.master, masterLabel: "A", cameras: ["U": pair.camera])
            unrelatedClasses[analysis.classification["U"]!, default: 0] += 1
            maxConfidence = max(maxConfidence, analysis.confidence["U"]!)
            nullLineZ.append((analysis.cameras["U"]!.lineZ, pair.label))
        }
        print("\n-- unrelated cameras (no shared audio): \(unrelated.count) pairs, every scene kind against every kind, 20 s and 90 s --")
        print("classification: " + unrelatedClasses.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
              + String(format: "; highest confidence %.2f", maxConfidence))
        let nullSorted = nullLineZ.sorted { $0.0 < $1.0 }
        print(String(format: "line support Z of unrelated pairs: median %.1f, p95 %.1f, max %.1f (%@) — looks-good needs ≥ %.1f",
                     nullSorted[nullSorted.count / 2].0, nullSorted[Int(0.95 * Double(nullSorted.count - 1))].0,
                     nullSorted.last!.0, nullSorted.last!.1,
                     ConfidenceCalibration.lineZNull + ConfidenceCalibration.looksGoodFrom * (ConfidenceCalibration.lineZStrong - ConfidenceCalibration.lineZNull)))

        // (3) A long drifting recording with the widest search range.
        try longDrift()

        // (4) CPU per camera-hour, WAV input including decode.
        try performance(minutes: minutes, engine: engine, keep: args.contains("--keep"))
    }

    /// One hour at 8 kHz, +40 ppm, camera starting 4 min 47 s after the master, search ±600 s.
    static func longDrift() throws {
        var s = SyncScenario(kind: .speech, seed: 77, masterSeconds: 3600, cameraSeconds: 3000, offsetSeconds: -287.654321)
        s.driftPPM = 40
        s.cameraSNRdB = 3
        let (master, camera) = s.render()
        var configuration = SyncConfiguration(searchRangeSeconds: 600)
        configuration.includeCorrelationTraces = true
        let (analysis, cpu) = try CPUClock.measure { try SyncEngine(configuration: configuration).analyze(master: master, masterLabel: "A", cameras: ["B": camera]) }
        let d = analysis.cameras["B"]!
        print(String(format: "\n-- long drift: 60-min master, 50-min camera at 3 dB SNR, +40 ppm (%.0f ms of drift), search ±600 s --",
                     40e-6 * 3000 * 1000))
        print(String(format: "offset error %.4f ms, drift %.2f ppm (truth 40), %@, confidence %.2f, coarse box ±%.1f ms; analysis %.3f CPU-s",
                     analysis.offsetsMs["B"]! - s.expectedOffsetMs, analysis.driftPPM["B"]!, d.classification, d.confidence, d.coarseBoxMs, cpu))
        let svg = CorrelationPlot.svg(analysis: analysis, camera: "B") ?? ""
        print("correlation plot: \(svg.utf8.count) bytes of SVG")
        if let path = ProcessInfo.processInfo.environment["SYNC_BENCH_SVG"] { try svg.write(toFile: path, atomically: true, encoding: .utf8) }
    }

    static func performance(minutes: Double, engine: SyncEngine, keep: Bool) throws {
        let directory = URL(fileURLWithPath: "/tmp/relay-sync-bench")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let masterURL = directory.appendingPathComponent("master.wav"), cameraURL = directory.appendingPathComponent("camera.wav")
        let seconds = minutes * 60
        let offset = 37.1234375  // an integer number of 48 kHz samples, a half sample at 8 kHz
        var scenario = SyncScenario(kind: .speech, seed: 31, masterSeconds: seconds, cameraSeconds: seconds - 60, offsetSeconds: offset)
        scenario.masterRate = 48000
        scenario.cameraRate = 48000
        scenario.cameraSNRdB = 10
        scenario.reverbRT60 = nil
        let (master, camera) = scenario.render()
        try WAVWriter.write([master.samples, master.samples.map { $0 * 0.9 }], rate: 48000, encoding: .int16, to: masterURL)
        try WAVWriter.write([camera.samples, camera.samples.map { $0 * 0.8 }], rate: 48000, encoding: .int16, to: cameraURL)
        let cameraHours = (seconds - 60) / 3600, masterHours = seconds / 3600
        print(String(format: "\n-- CPU cost: %.0f-min master + %.0f-min camera, 48 kHz stereo 16-bit WAV (%.0f MB + %.0f MB in /tmp) --",
                     seconds / 60, (seconds - 60) / 60,
                     Double(master.samples.count * 4) / 1e6, Double(camera.samples.count * 4) / 1e6))

        let decoder = AudioDecoder(sampleRate: engine.configuration.analysisRate)
        _ = try decoder.decode(cameraURL)  // warm the page cache and the code
        var best = (decodeMaster: Double.infinity, decodeCamera: Double.infinity, analysis: Double.infinity)
        var result: SyncAnalysis?
        for _ in 0..<3 {
            let (m, tm) = try CPUClock.measure { try decoder.decode(masterURL) }
            let (c, tc) = try CPUClock.measure { try decoder.decode(cameraURL) }
            let (a, ta) = try CPUClock.measure { try engine.analyze(master: m, masterLabel: "A", cameras: ["B": c]) }
            if tm + tc + ta < best.decodeMaster + best.decodeCamera + best.analysis { best = (tm, tc, ta) }
            result = a
        }
        let total = best.decodeMaster + best.decodeCamera + best.analysis
        print(String(format: "WAV decode (read + downmix + 48→8 kHz): master %.3f s, camera %.3f s = %.3f CPU-s per audio-hour",
                     best.decodeMaster, best.decodeCamera, (best.decodeMaster + best.decodeCamera) / (masterHours + cameraHours)))
        print(String(format: "analysis (coarse + windows + drift + confidence): %.3f s = %.3f CPU-s per camera-hour",
                     best.analysis, best.analysis / cameraHours))
        let perCameraHour = total / cameraHours
        print(String(format: "TOTAL incl. decode of master AND camera: %.3f CPU-s = %.3f CPU-s per camera-hour (target %.1f: %.2f× the budget)",
                     total, perCameraHour, targetCPUSecondsPerCameraHour, perCameraHour / targetCPUSecondsPerCameraHour))
        print(String(format: "  (counting the master as audio too: %.3f CPU-s per hour of audio)", total / (cameraHours + masterHours)))
        if let r = result {
            print(String(format: "  result: offset %.4f ms (truth %.4f), %@, confidence %.2f, drift %.2f ppm",
                         r.offsetsMs["B"]!, offset * 1000, r.classification["B"]!, r.confidence["B"]!, r.driftPPM["B"]!))
        }

        // (4) AAC (M4A) decode through ffmpeg.
        let m4a = directory.appendingPathComponent("camera.m4a")
        let encode = Process()
        encode.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        encode.arguments = ["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", cameraURL.path, "-c:a", "aac", "-b:a", "192k", m4a.path]
        try encode.run()
        encode.waitUntilExit()
        guard encode.terminationStatus == 0 else { print("ffmpeg AAC encode failed: skipping the AAC figure"); return }
        var aacBest = Double.infinity
        var aacTrack: AudioTrack?
        for _ in 0..<2 {
            let (track, cpu) = try CPUClock.measure { try decoder.decode(m4a) }
            aacBest = min(aacBest, cpu)
            aacTrack = track
        }
        print(String(format: "AAC .m4a decode via ffmpeg (-ar %d, ffmpeg + pipe): %.3f CPU-s = %.3f CPU-s per camera-hour (reported separately)",
                      engine.configuration.analysisRate, aacBest, aacBest / cameraHours))
        if let aacTrack {
            let m = try decoder.decode(masterURL)
            let (a, ta) = try CPUClock.measure { try engine.analyze(master: m, masterLabel: "A", cameras: ["B": aacTrack]) }
            print(String(format: "  AAC camera result: offset %.4f ms (error %.4f ms), %@; analysis %.3f s",
                         a.offsetsMs["B"]!, a.offsetsMs["B"]! - offset * 1000, a.classification["B"]!, ta))
        }
        if !keep { try? FileManager.default.removeItem(at: directory) }
    }
}
