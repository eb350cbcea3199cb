import Hummingbird
import Foundation

/// One folder in a listing (seed 002's `directories[]`).
struct AnalyzerDirectory: ResponseEncodable, Sendable {
    let name: String
    let path: String
    let itemCount: Int
    let createdAt: Date?
    let modifiedAt: Date?

    enum CodingKeys: String, CodingKey {
        case name, path, itemCount = "item_count", createdAt = "created_at", modifiedAt = "modified_at"
    }
}
