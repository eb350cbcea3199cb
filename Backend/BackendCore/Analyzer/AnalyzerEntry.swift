import Crypto
import Foundation

/// A file or folder inside the media roots, with what the analyzer knows about it.
package struct AnalyzerEntry: Sendable, Equatable {
    package var id: String
    package var name: String
    /// Real path.
    package var path: String
    package var isDirectory: Bool
    package var size: Int64
    package var createdAt: Date?
    package var modifiedAt: Date?
    /// Folders: entries inside (hidden ones not counted).
    package var itemCount: Int?
    /// Files: ffprobe's facts (only for audio/video extensions while listing; always when validating).
    package var media: AnalyzerMediaInfo?
    package var description: String?
    package var tags: [String]?

    /// `file_` and 24 hex digits of the SHA-256 of the real path: stable, so a listed file keeps its id.
    package static func fileId(path: String) -> String {
        "file_" + SHA256.hash(data: Data(path.utf8)).prefix(12).map { String(format: "%02x", $0) }.joined()
    }
}
