import Foundation

/// Where the backend keeps bytes: originals, thumbnails, derivatives, artifacts.
///
/// Keys are always built by the server (see `BlobKey`), never taken from client file names.
/// Two real implementations exist: `LocalBlobStore` (default, local disk, URLs served and checked by
/// the backend's own blob endpoint) and `S3BlobStore` (any S3-compatible store, SigV4).
package protocol BlobStore: Sendable {
    /// A short name for logs and readiness output (`local`, `s3`).
    var kind: String { get }

    /// A URL a client can `PUT` the object's bytes to without any other credential.
    ///
    /// The signature binds the method, key, expiry, content type and (when given) the lowercase hex
    /// SHA-256 of the body; the client must send every header in `PresignedRequest.headers`.
    func presignPut(key: BlobKey, contentType: String, sha256: String?, expiresIn: Duration) async throws -> PresignedRequest

    /// A URL a client can `GET` the object from until it expires.
    func presignGet(key: BlobKey, expiresIn: Duration) async throws -> PresignedRequest

    /// Size, content type and ETag of a stored object, or `nil` if there is none.
    func head(key: BlobKey) async throws -> BlobMetadata?

    /// Stores a small object from memory (thumbnails, plots).
    func put(key: BlobKey, data: Data, contentType: String) async throws

    /// Stores an object from a file, streaming it (derivatives of any size).
    func upload(key: BlobKey, from file: URL, contentType: String) async throws

    /// Reads a small object into memory. Throws `BlobStoreError.notFound` when missing.
    func get(key: BlobKey) async throws -> Data

    /// Streams an object into a file. Throws `BlobStoreError.notFound` when missing.
    func download(key: BlobKey, to file: URL) async throws

    /// Streams the object's bytes — all of them, or `range` (already resolved against the size `head`
    /// gave) — without collecting them. Throws `BlobStoreError.notFound` when missing.
    func read(key: BlobKey, range: ByteRange?) async throws -> BlobBody

    /// Removes an object; removing a missing object is not an error.
    func delete(key: BlobKey) async throws

    /// Throws when the store cannot be reached or written (readiness).
    func checkReady() async throws

    // MARK: Multipart

    /// Starts a multipart upload and returns its upload id.
    func createMultipartUpload(key: BlobKey, contentType: String) async throws -> String

    /// A URL a client can `PUT` one part to. Part numbers are 1...10_000. With `sizeBytes` the URL accepts a
    /// body of exactly that many bytes (S3: `content-length` is a signed header; local: a signed parameter).
    func presignUploadPart(key: BlobKey, uploadId: String, partNumber: Int, sizeBytes: Int64?, expiresIn: Duration) async throws
        -> PresignedRequest

    /// Parts the store has accepted so far, ordered by part number (lets clients resume).
    func listParts(key: BlobKey, uploadId: String) async throws -> [UploadedPart]

    /// Assembles the parts into the final object. Throws `BlobStoreError.invalidParts` when a part is
    /// missing or an ETag does not match.
    func completeMultipartUpload(key: BlobKey, uploadId: String, parts: [CompletedPart]) async throws -> BlobMetadata

    /// Discards a multipart upload and every part stored for it.
    func abortMultipartUpload(key: BlobKey, uploadId: String) async throws
}

extension BlobStore {
    /// A part URL that accepts any length (within the store's own limits).
    package func presignUploadPart(key: BlobKey, uploadId: String, partNumber: Int, expiresIn: Duration) async throws -> PresignedRequest {
        try await presignUploadPart(key: key, uploadId: uploadId, partNumber: partNumber, sizeBytes: nil, expiresIn: expiresIn)
    }
}
