/// One part of a multipart upload as the store holds it: the file's bytes `offset ..< offset + length`,
/// and the ETag the store gave for them.
public struct StoredPart: Sendable, Equatable {
    public var offset: Int64
    public var length: Int64
    public var etag: String

    public init(offset: Int64, length: Int64, etag: String) {
        self.offset = offset
        self.length = length
        self.etag = etag
    }
}
