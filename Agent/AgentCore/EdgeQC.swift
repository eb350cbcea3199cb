import Foundation
import RelayMedia

/// Quality check at the edge: the same RelayMedia pipeline the backend runs, without thumbnails, so an
/// operator hears about a blurred or badly exposed frame while the car is still on the turntable.
/// Findings are values: an unreadable file is a `fail` with a reason, never a crash or a thrown error.
package struct EdgeQC: Sendable {
    package let pipeline: ImagePipeline

    package init(thresholds: QCThresholds = QCThresholds()) {
        self.pipeline = ImagePipeline(qualityCheck: QualityCheck(thresholds: thresholds))
    }

    /// Checks one file; the format comes from the bytes (JPEG or HEIC), not the file name.
    package func check(file: URL) -> EdgeQCReport {
        let data: Data
        do {
            data = try Data(contentsOf: file, options: .mappedIfSafe)
        } catch {
            return EdgeQCReport(file: file.path, qc: .undecodable(reason: "cannot read the file: \(error.localizedDescription)"))
        }
        guard let format = ImageFormat(detecting: data) else {
            return EdgeQCReport(file: file.path, qc: .undecodable(reason: "not a JPEG or HEIC file"))
        }
        do {
            let result = try pipeline.analyse(data, contentType: format.contentType)
            return EdgeQCReport(
                file: file.path, format: format.rawValue, width: result.width, height: result.height, exif: result.exif, qc: result.qc)
        } catch {
            return EdgeQCReport(file: file.path, format: format.rawValue, qc: .undecodable(reason: "\(error)"))
        }
    }
}

/// One file's QC outcome: seed 001's `qc` shape plus what was read.
package struct EdgeQCReport: Sendable, Codable, Equatable {
    package var file: String
    package var format: String?
    package var width: Int?
    package var height: Int?
    package var exif: EXIFMetadata?
    package var qc: QCResult

    package init(file: String, format: String? = nil, width: Int? = nil, height: Int? = nil, exif: EXIFMetadata? = nil, qc: QCResult) {
        self.file = file
        self.format = format
        self.width = width
        self.height = height
        self.exif = exif
        self.qc = qc
    }

    /// The worst of the sharpness and exposure verdicts.
    package var status: QCVerdict { qc.status }
}
