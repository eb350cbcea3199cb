import ArgumentParser
import Foundation
import RelaySync

/// `relay-backend sync MASTER OTHER…`: the API's sync engine on files on disk; the result JSON on stdout.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Audio-sync camera files against a master and print offsets, confidence, class and drift as JSON.",
        discussion: """
            Offsets are t_camera − t_master in ms for the same sound (positive: the camera started earlier). Files are \
            labelled by name. Exit 0 when every camera looks good, 1 when any needs review or has no match, 2 on bad input.
            """)

    @Argument(help: "The master camera's file (any format ffmpeg reads; WAV is read directly).")
    var master: String

    @Argument(help: "The other cameras' files.")
    var others: [String]

    @Option(help: "Largest start difference searched, seconds (default 120, at most 600).")
    var searchRange: Double = 120

    @Option(help: "Write one correlation plot (SVG) per camera into this folder.")
    var plotDir: String?

    @Option(help: "ffmpeg executable for non-WAV files.")
    var ffmpeg: String = "ffmpeg"

    func run() async throws {
        guard !others.isEmpty else { throw ValidationError("give at least one camera besides the master") }
        let files = [master] + others
        var labels = files.map { URL(fileURLWithPath: $0).lastPathComponent }
        if Set(labels).count != labels.count { labels = files }
        let configuration = SyncConfiguration(searchRangeSeconds: searchRange)
        do {
            let decoder = AudioDecoder(sampleRate: configuration.analysisRate, ffmpeg: ffmpeg)
            var tracks: [String: AudioTrack] = [:]
            // Long recordings are decoded into unlinked scratch files and read a window at a time.
            let scratch = FileManager.default.temporaryDirectory
            for (label, file) in zip(labels, files) {
                tracks[label] = try decoder.decodeForAnalysis(URL(fileURLWithPath: file), scratch: scratch, coarseRate: configuration.coarseRate)
            }
            let analysis = try SyncEngine(configuration: configuration).analyze(
                master: tracks[labels[0]]!, masterLabel: labels[0], cameras: tracks)
            if let plotDir {
                try FileManager.default.createDirectory(atPath: plotDir, withIntermediateDirectories: true)
                for camera in labels.dropFirst() {
                    guard let svg = CorrelationPlot.svg(analysis: analysis, camera: camera) else { continue }
                    try Data(svg.utf8).write(to: URL(fileURLWithPath: plotDir).appendingPathComponent("correlation-\(camera).svg"))
                }
            }
            var printed = analysis
            printed.traces = [:]
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(printed), as: UTF8.self))
            if labels.dropFirst().contains(where: { analysis.classification[$0] != SyncClassification.looksGood.rawValue }) {
                throw ExitCode(1)
            }
        } catch let error as AudioDecodingError {
            FileHandle.standardError.write(Data("relay-backend sync: \(error)\n".utf8))
            throw ExitCode(2)
        } catch let error as SyncError {
            FileHandle.standardError.write(Data("relay-backend sync: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}
