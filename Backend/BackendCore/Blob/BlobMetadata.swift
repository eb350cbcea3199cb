import Foundation

/// What a store knows about one object.
package struct BlobMetadata: Sendable, Equatable {
    /// Size in bytes.
    package var size: Int64
    /// Content type recorded at upload, if the store keeps one.
    package var contentType: String?
    /// The store's entity tag, without quotes.
    package var etag: String?

    package init(size: Int64, contentType: String?, etag: String?) {
        self.size = size
        self.contentType = contentType
        self.etag = etag
    }
}

/// One part a store has accepted for a multipart upload.
package struct UploadedPart: Sendable, Equatable, Codable {
    package var partNumber: Int
    /// Entity tag without quotes.
    package var etag: String
    package var size: Int64

    package init(partNumber: Int, etag: String, size: Int64) {
        self.partNumber = partNumber
        self.etag = etag
        self.size = size
    }
}

/// One part named by a client when completing a multipart upload.
package struct CompletedPart: Sendable, Equatable, Codable {
    package var partNumber: Int
    /// Entity tag as returned by the part `PUT`; surrounding quotes are ignored.
    package var etag: String

    package init(partNumber: Int, etag: String) {
        self.partNumber = partNumber
        self.etag = etag
    }
}
