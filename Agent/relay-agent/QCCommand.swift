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
    @Option(help: "Sharpness score at or above which a frame passes.") var sharpnessPass: Double?
    @Option(help: "Sharpness score below which a frame fails (between this and --sharpness-pass it warns).")
    var sharpnessWarn: Double?

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one file") }
        if let pass = sharpnessPass, let warn = sharpnessWarn, warn > pass {
            throw ValidationError("--sharpness-warn must not exceed --sharpness-pass")
        }
    }

    func run() throws {
        var thresholds = QCThresholds()
        if let value = sharpnessPass { thresholds.sharpnessPass = value }
        if let value = sharpnessWarn { thresholds.sharpnessWarn = value }
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
            "sharpness \(String(format: "%.1f", sharp.score)) \(sharp.status.rawValue)",
            "exposure mean \(String(format: "%.0f", exposure.mean)) \(exposure.status.rawValue)",
        ]
        if let width = report.width, let height = report.height { parts.append("\(width)x\(height)") }
        if let exif = report.exif {
            parts += [exif.iso.map { "ISO \($0)" }, exif.shutter, exif.aperture].compactMap { $0 }
        }
        if let reason = sharp.reason ?? exposure.reason { parts.append("(\(reason))") }
        return parts.joined(separator: "  ")
    }
}
