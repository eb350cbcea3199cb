import Hummingbird
import Foundation

/// `POST /v1/files/validate`'s answer: whether the file can be analysed and, if not, why.
struct FileValidation: ResponseEncodable, Sendable {
    let success = true
    let valid: Bool
    let reasons: [String]
    let fileInfo: AnalyzerFile
    let timestamp: Date

    enum CodingKeys: String, CodingKey {
        case success, valid, reasons, fileInfo = "file_info", timestamp
    }
}
