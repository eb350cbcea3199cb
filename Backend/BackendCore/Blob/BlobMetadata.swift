import Foundation

/// What a store knows about one object.
public struct BlobMetadata: Sendable, Equatable {
    /// Size in bytes.
    public var size: Int64
    /// Content type recorded at upload, if the store keeps one.
    public var contentType: String?
    /// The store's entity tag, without quotes.
    public var etag: String?

    public init(size: Int64, contentType: String?, etag: String?) {
        self.size = size
        self.contentType = contentType
        self.etag = etag
    }
}

/// One part a store has accepted for a multipart upload.
public struct UploadedPart: Sendable, Equatable, Codable {
    public var partNumber: Int
    /// Entity tag without quotes.
    public var etag: String
    public var size: Int64

    public init(partNumber: Int, etag: String, size: Int64) {
        self.partNumber = partNumber
        self.etag = etag
        self.size = size
    }
}

/// One part named by a client when completing a multipart upload.
public struct CompletedPart: Sendable, Equatable, Codable {
    public var partNumber: Int
    /// Entity tag as returned by the part `PUT`; surrounding quotes are ignored.
    public var etag: String

    public init(partNumber: Int, etag: String) {
        self.partNumber = partNumber
        self.etag = etag
    }
}
