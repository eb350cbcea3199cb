import AgentCore
import ArgumentParser
import Foundation
import RelayMedia

/// `relay-agent qc FILE…`: print sharpness/exposure/EXIF verdicts, to calibrate thresholds on a studio's
/// own photos. `--json` prints one object per file (seed 001's `qc` shape). Exit status 1 when any file
/// fails QC, 0 otherwise.
struct QCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qc", abstract: "Check image files (JPEG/HEIC) for sharpness and exposure.")

    @Argument(help: "Image files.") var files: [String]
    @Flag(help: "One JSON object per file.") var json = false
    @Option(help: "Width (px at a 2048 px long edge) of the sharpest edges above which a frame fails.") var edgeWidthFail: Double?
    @Option(help: "Width of the sharpest edges above which a frame warns.") var edgeWidthWarn: Double?

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one file") }
        let t = thresholds
        if t.edgeWidthWarn > t.edgeWidthFail { throw ValidationError("--edge-width-warn must not exceed --edge-width-fail") }
    }

    /// The shipped defaults with the options applied.
    var thresholds: QCThresholds {
        var thresholds = QCThresholds()
        if let value = edgeWidthFail { thresholds.edgeWidthFail = value }
        if let value = edgeWidthWarn { thresholds.edgeWidthWarn = value }
        return thresholds
    }

    func run() throws {
        let qc = EdgeQC(thresholds: thresholds)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var anyFailed = false
        for file in files {
            let report = qc.check(file: URL(fileURLWithPath: file))
            anyFailed = anyFailed || report.status == .fail
            if json {
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
            } else {
                print(Self.line(report))
            }
        }
        if anyFailed { throw ExitCode(1) }
    }

    static func line(_ report: EdgeQCReport) -> String {
        let sharp = report.qc.sharpness, exposure = report.qc.exposure
        var parts = [
            report.file, report.status.rawValue.uppercased(),
            "sharpness \(sharp.edgeWidth.map { "edges \($0) px" } ?? "no edges") \(sharp.status.rawValue)",
            "exposure mean \(String(format: "%.0f", exposure.mean)) white \(exposure.whitePoint.map { String(format: "%.0f", $0) } ?? "-") \(exposure.status.rawValue)",
        ]
        if let width = report.width, let height = report.height { parts.append("\(width)x\(height)") }
        if let exif = report.exif {
            parts += [exif.iso.map { "ISO \($0)" }, exif.shutter, exif.aperture].compactMap { $0 }
        }
        let reasons = [sharp.reason, exposure.reason].compactMap { $0 }
        if !reasons.isEmpty { parts.append("(\(reasons.joined(separator: "; ")))") }
        return parts.joined(separator: "  ")
    }
}
