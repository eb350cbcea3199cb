import Hummingbird
import Foundation

/// `POST /v1/files/upload`'s answer.
struct FileUploaded: ResponseEncodable, Sendable {
    let success = true
    let fileId: String
    let fileInfo: AnalyzerFile
    let message: String
    let timestamp: Date

    enum CodingKeys: String, CodingKey {
        case success, fileId = "file_id", fileInfo = "file_info", message, timestamp
    }
}
