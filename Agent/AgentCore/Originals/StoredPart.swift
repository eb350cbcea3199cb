/// One part of a multipart upload as the store holds it: the file's bytes `offset ..< offset + length`,
/// and the ETag the store gave for them.
package struct StoredPart: Sendable, Equatable {
    package var offset: Int64
    package var length: Int64
    package var etag: String

    package init(offset: Int64, length: Int64, etag: String) {
        self.offset = offset
        self.length = length
        self.etag = etag
    }
}
