import Crypto
import Foundation
import RelayIO

/// The default blob store: files under a folder on local disk, with URLs served by the backend's own
/// blob endpoint (`/v1/blobs/{key}`) and signed by `LocalBlobURLSigner`.
///
/// Layout under `root`: `objects/{key}` (the bytes), `meta/{key}.json` (content type, ETag),
/// `multipart/{uploadId}/` (pending parts), `tmp/` (writes in progress; renamed into place when complete,
/// so readers never see a partial object).
package struct LocalBlobStore: BlobStore {
    package let kind = "local"
    /// The folder everything lives in.
    package let root: URL
    /// Base URL clients reach the backend at, e.g. `http://127.0.0.1:8080`.
    package let publicBaseURL: String
    /// Signs and checks URLs.
    package let signer: LocalBlobURLSigner
    /// Longest lifetime a presigned URL may have.
    package static let maxExpiry: Duration = .seconds(7 * 24 * 3600)
    /// Smallest part size accepted for every part but the last (same as S3).
    package static let minimumPartSize: Int64 = 5 * 1024 * 1024

    package init(root: URL, publicBaseURL: String, signer: LocalBlobURLSigner) throws {
        self.root = root
        self.publicBaseURL = publicBaseURL.hasSuffix("/") ? String(publicBaseURL.dropLast()) : publicBaseURL
        self.signer = signer
        for folder in ["objects", "meta", "multipart", "tmp"] {
            try FileManager.default.createDirectory(
                at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
    }

    // MARK: Presigning

    package func presignPut(key: BlobKey, contentType: String, sha256: String?, expiresIn: Duration) async throws
        -> PresignedRequest
    {
        let grant = LocalBlobURLSigner.Grant(
            method: "PUT", key: key, expires: expiry(expiresIn), contentType: contentType, sha256: sha256)
        var headers = ["Content-Type": contentType]
        if let sha256 { headers["x-amz-content-sha256"] = sha256 }
        return PresignedRequest(method: "PUT", url: url(for: grant), headers: headers, expiresAt: grant.expires)
    }

    package func presignGet(key: BlobKey, expiresIn: Duration) async throws -> PresignedRequest {
        let grant = LocalBlobURLSigner.Grant(method: "GET", key: key, expires: expiry(expiresIn))
        return PresignedRequest(method: "GET", url: url(for: grant), headers: [:], expiresAt: grant.expires)
    }

    package func presignUploadPart(key: BlobKey, uploadId: String, partNumber: Int, sizeBytes: Int64?, expiresIn: Duration) async throws
        -> PresignedRequest
    {
        try checkPartNumber(partNumber)
        _ = try readUpload(uploadId, key: key)
        let grant = LocalBlobURLSigner.Grant(
            method: "PUT", key: key, expires: expiry(expiresIn), uploadId: uploadId, partNumber: partNumber, contentLength: sizeBytes)
        return PresignedRequest(method: "PUT", url: url(for: grant), headers: [:], expiresAt: grant.expires)
    }

    private func expiry(_ expiresIn: Duration) -> Date {
        let seconds = min(expiresIn, Self.maxExpiry).components.seconds
        return Date().addingTimeInterval(TimeInterval(max(1, seconds)))
    }

    private func url(for grant: LocalBlobURLSigner.Grant) -> String {
        "\(publicBaseURL)/v1/blobs/\(grant.key.rawValue)?\(signer.query(for: grant))"
    }

    // MARK: Objects

    package func head(key: BlobKey) async throws -> BlobMetadata? {
        let path = objectURL(key).path
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            (attributes[.type] as? FileAttributeType) == .typeRegular
        else { return nil }
        let size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
        let meta = readMeta(key)
        return BlobMetadata(size: size, contentType: meta?.contentType, etag: meta?.etag)
    }

    package func put(key: BlobKey, data: Data, contentType: String) async throws {
        let temp = temporaryURL()
        try data.write(to: temp)
        try commit(temp, to: key, meta: .init(contentType: contentType, etag: SecretToken.hex(SHA256.hash(data: data))))
    }

    package func upload(key: BlobKey, from file: URL, contentType: String) async throws {
        let temp = temporaryURL()
        try FileManager.default.copyItem(at: file, to: temp)
        let digest = try Self.sha256(of: temp)
        try commit(temp, to: key, meta: .init(contentType: contentType, etag: digest))
    }

    package func get(key: BlobKey) async throws -> Data {
        do {
            return try Data(contentsOf: objectURL(key))
        } catch {
            throw BlobStoreError.notFound(key)
        }
    }

    package func download(key: BlobKey, to file: URL) async throws {
        guard FileManager.default.fileExists(atPath: objectURL(key).path) else { throw BlobStoreError.notFound(key) }
        try? FileManager.default.removeItem(at: file)
        try FileManager.default.copyItem(at: objectURL(key), to: file)
    }

    package func read(key: BlobKey, range: ByteRange?) async throws -> BlobBody {
        let url = objectURL(key)
        guard FileManager.default.fileExists(atPath: url.path) else { throw BlobStoreError.notFound(key) }
        return BlobBody(.file(FileChunks(url: url, chunkSize: 256 * 1024, offset: range?.start ?? 0, length: range?.length)))
    }

    package func delete(key: BlobKey) async throws {
        try? FileManager.default.removeItem(at: objectURL(key))
        try? FileManager.default.removeItem(at: metaURL(key))
    }

    package func checkReady() async throws {
        let probe = root.appendingPathComponent("tmp/.ready-\(UUID().uuidString)")
        do {
            try Data("ok".utf8).write(to: probe)
            try FileManager.default.removeItem(at: probe)
        } catch {
            throw BlobStoreError(.unavailable, "blob folder \(root.path) is not writable: \(error.localizedDescription)")
        }
    }

    // MARK: Paths and commit

    /// Where the bytes of `key` live on disk.
    package func objectURL(_ key: BlobKey) -> URL { root.appendingPathComponent("objects").appendingPathComponent(key.rawValue) }
    func metaURL(_ key: BlobKey) -> URL { root.appendingPathComponent("meta").appendingPathComponent(key.rawValue + ".json") }
    func temporaryURL() -> URL { root.appendingPathComponent("tmp").appendingPathComponent(UUID().uuidString) }

    /// What is kept beside each object.
    struct Meta: Codable {
        var contentType: String?
        var etag: String
    }

    func readMeta(_ key: BlobKey) -> Meta? {
        guard let data = try? Data(contentsOf: metaURL(key)) else { return nil }
        return try? JSONDecoder().decode(Meta.self, from: data)
    }

    /// Moves a finished temp file into place: meta first, then the object (an atomic rename), so a crash
    /// leaves either the old object or the new one, never half of one.
    func commit(_ temp: URL, to key: BlobKey, meta: Meta) throws {
        let fileManager = FileManager.default
        let object = objectURL(key)
        let metaFile = metaURL(key)
        try fileManager.createDirectory(at: object.deletingLastPathComponent(), withIntermediateDirectories: true)
        try fileManager.createDirectory(at: metaFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        let metaTemp = temporaryURL()
        try JSONEncoder().encode(meta).write(to: metaTemp)
        if rename(metaTemp.path, metaFile.path) != 0 { throw posixError("rename meta") }
        if rename(temp.path, object.path) != 0 {
            try? fileManager.removeItem(at: temp)
            throw posixError("rename object")
        }
    }

    func posixError(_ what: String) -> BlobStoreError {
        BlobStoreError(.unavailable, "\(what) failed: \(String(cString: strerror(errno)))")
    }

    static func sha256(of file: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: file)
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
        }
        return SecretToken.hex(hasher.finalize())
    }

    func checkPartNumber(_ partNumber: Int) throws {
        guard (1...10_000).contains(partNumber) else {
            throw BlobStoreError(.invalidParts, "part number \(partNumber) is outside 1...10000")
        }
    }
}
