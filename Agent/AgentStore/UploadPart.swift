import GRDB

/// One part of a recording's multipart upload (a row of `upload_parts`).
package struct UploadPart: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    package static let databaseTableName = "upload_parts"

    package var itemId: String
    /// 1-based, as S3 numbers parts.
    package var partNumber: Int
    /// Its presigned `PUT` URL.
    package var url: String
    /// The store's ETag once it accepted the part; nil while it still has to be sent.
    package var etag: String?

    enum CodingKeys: String, CodingKey {
        case url, etag
        case itemId = "item_id"
        case partNumber = "part_number"
    }
}
