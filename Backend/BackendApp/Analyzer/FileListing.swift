import Hummingbird
import Foundation

/// `GET /v1/files/`: one page of a folder inside the media roots, folders first, then files, by name.
struct FileListing: ResponseEncodable, Sendable {
    let success = true
    let files: [AnalyzerFile]
    let directories: [AnalyzerDirectory]
    let currentPath: String
    let parentPath: String?
    /// Every entry of the folder (folders + files), not only this page.
    let totalCount: Int
    let limit: Int
    let offset: Int
    let roots: [String]
    let timestamp: Date

    enum CodingKeys: String, CodingKey {
        case success, files, directories, currentPath = "current_path", parentPath = "parent_path", totalCount = "total_count"
        case limit, offset, roots, timestamp
    }
}
