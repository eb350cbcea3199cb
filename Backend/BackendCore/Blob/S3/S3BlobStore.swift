import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// A `BlobStore` on any S3-compatible service (SeaweedFS, MinIO, AWS S3, R2), signed with SigV4.
///
/// Server-side requests carry an `Authorization` header; clients get query-string presigned URLs
/// built on `S3Configuration.publicEndpoint`. Addressing is always path-style. The `HTTPClient` is
/// injected and not owned: whoever created it shuts it down.
///
/// Integrity of client uploads: when `presignPut` is given a SHA-256, the URL also signs
/// `x-amz-checksum-sha256` (base64 of the same digest). SeaweedFS 4.x does not compare the body with
/// `x-amz-content-sha256`, but it (like AWS S3) does reject a body whose checksum header does not
/// match, with `400 BadDigest`.
package struct S3BlobStore: BlobStore {
    /// Largest object `get(key:)` reads into memory; larger ones must use `download(key:to:)`.
    package static let maxInMemoryObjectSize = 128 * 1024 * 1024

    /// The store's settings (its description redacts the secret).
    package let configuration: S3Configuration
    let httpClient: HTTPClient
    let logger: Logger
    let signer: SigV4Signer
    let origin: S3Configuration.Origin
    let publicOrigin: S3Configuration.Origin
    let now: @Sendable () -> Date

    /// Creates a store; throws when an endpoint URL is not an absolute http(s) URL.
    ///
    /// - Parameter now: the clock used for signatures (injectable for tests).
    package init(
        configuration: S3Configuration,
        httpClient: HTTPClient,
        logger: Logger = Logger(label: "relay.blob.s3"),
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws {
        self.configuration = configuration
        self.httpClient = httpClient
        self.logger = logger
        self.signer = SigV4Signer(
            accessKeyId: configuration.accessKeyId,
            secretAccessKey: configuration.secretAccessKey,
            region: configuration.region
        )
        self.origin = try S3Configuration.Origin(configuration.endpoint)
        self.publicOrigin = try S3Configuration.Origin(configuration.publicEndpoint)
        self.now = now
    }

    /// `s3`.
    package var kind: String { "s3" }

    // MARK: Presigned URLs

    package func presignPut(
        key: BlobKey,
        contentType: String,
        sha256: String?,
        expiresIn: Duration
    ) async throws -> PresignedRequest {
        var headers = ["content-type": contentType]
        if let sha256 {
            let digest = try Self.digestBytes(hex: sha256)
            headers["x-amz-content-sha256"] = SigV4Signer.hex(digest)
            headers["x-amz-checksum-sha256"] = Data(digest).base64EncodedString()
        }
        return try presigned(method: "PUT", key: key, query: [:], headers: headers, expiresIn: expiresIn)
    }

    package func presignGet(key: BlobKey, expiresIn: Duration) async throws -> PresignedRequest {
        try presigned(method: "GET", key: key, query: [:], headers: [:], expiresIn: expiresIn)
    }

    /// Builds a presigned request on the public endpoint. The lifetime is clamped to what S3 allows,
    /// 1 s to 7 days, as `LocalBlobStore` does.
    func presigned(
        method: String,
        key: BlobKey,
        query: [String: String],
        headers: [String: String],
        expiresIn: Duration
    ) throws -> PresignedRequest {
        let seconds = min(max(expiresIn.components.seconds, 1), 604_800)
        // X-Amz-Date has whole seconds; expiresAt must not claim more than the store grants.
        let date = Date(timeIntervalSince1970: now().timeIntervalSince1970.rounded(.down))
        let signed = signer.presign(
            method: method,
            scheme: publicOrigin.scheme,
            host: publicOrigin.host,
            path: publicOrigin.path(bucket: configuration.bucket, key: key),
            query: query,
            headers: headers,
            expires: Int(seconds),
            date: date
        )
        // Same spelling as `LocalBlobStore`; header names are case-insensitive on the wire.
        var clientHeaders = signed.headers
        if let contentType = clientHeaders.removeValue(forKey: "content-type") {
            clientHeaders["Content-Type"] = contentType
        }
        return PresignedRequest(
            method: method,
            url: signed.url,
            headers: clientHeaders,
            expiresAt: date.addingTimeInterval(TimeInterval(seconds))
        )
    }

    // MARK: Objects

    package func head(key: BlobKey) async throws -> BlobMetadata? {
        let operation = "HEAD \(key)"
        let response = try await execute(S3Request(method: .HEAD, key: key), operation: operation)
        switch response.status.code {
        case 200:
            try await discardBody(response)
            return BlobMetadata(
                size: response.headers.first(name: "content-length").flatMap { Int64($0) } ?? 0,
                contentType: response.headers.first(name: "content-type"),
                etag: response.headers.first(name: "etag").map(S3XML.unquote)
            )
        case 404:
            try await discardBody(response)
            return nil
        default:
            throw await failure(response, operation: operation)
        }
    }

    package func put(key: BlobKey, data: Data, contentType: String) async throws {
        let operation = "PUT \(key)"
        let request = S3Request(
            method: .PUT, key: key, headers: ["content-type": contentType], body: .data(data), transfer: true
        )
        try await expectSuccess(try await execute(request, operation: operation), operation: operation)
    }

    /// Uploads a file: one `PUT` up to `multipartThreshold`, a multipart upload above it (so an object
    /// may exceed the 5 GiB a single `PUT` can carry; see `uploadInParts`).
    package func upload(key: BlobKey, from file: URL, contentType: String) async throws {
        let operation = "upload \(key)"
        // Measured before the request so a missing file is reported as the local error it is.
        let size = try Self.fileSize(file)
        if size > configuration.multipartThreshold {
            try await uploadInParts(key: key, from: file, size: size, contentType: contentType)
            return
        }
        let request = S3Request(
            method: .PUT, key: key, headers: ["content-type": contentType], body: .file(file, size: size),
            transfer: true
        )
        try await expectSuccess(try await execute(request, operation: operation), operation: operation)
    }

    package func get(key: BlobKey) async throws -> Data {
        let operation = "GET \(key)"
        let response = try await execute(S3Request(method: .GET, key: key, transfer: true), operation: operation)
        guard response.status.code == 200 else {
            throw await failure(response, operation: operation, missing: key)
        }
        return try await readBody(response, limit: Self.maxInMemoryObjectSize, operation: operation)
    }

    package func download(key: BlobKey, to file: URL) async throws {
        let operation = "download \(key)"
        let response = try await execute(S3Request(method: .GET, key: key, transfer: true), operation: operation)
        guard response.status.code == 200 else {
            throw await failure(response, operation: operation, missing: key)
        }
        // Written beside the destination and moved into place, so a failed download never leaves a
        // truncated file under the final name.
        let partial = file.deletingLastPathComponent()
            .appendingPathComponent(".\(file.lastPathComponent).\(UUID().uuidString).part")
        try Data().write(to: partial)
        let handle = try FileHandle(forWritingTo: partial)
        var closed = false
        do {
            for try await chunk in response.body {
                try handle.write(contentsOf: Data(chunk.readableBytesView))
            }
            try handle.close()
            closed = true
            if FileManager.default.fileExists(atPath: file.path) {
                try FileManager.default.removeItem(at: file)
            }
            try FileManager.default.moveItem(at: partial, to: file)
        } catch {
            if !closed { try? handle.close() }
            try? FileManager.default.removeItem(at: partial)
            throw Self.transportError(error, operation: operation)
        }
    }

    package func read(key: BlobKey, range: ByteRange?) async throws -> BlobBody {
        let operation = "read \(key)"
        var headers: [String: String] = [:]
        if let range { headers["range"] = "bytes=\(range.start)-\(range.end)" }
        let response = try await execute(S3Request(method: .GET, key: key, headers: headers, transfer: true), operation: operation)
        guard response.status.code == (range == nil ? 200 : 206) else {
            throw await failure(response, operation: operation, missing: key)
        }
        return BlobBody(.http(response.body))
    }

    package func delete(key: BlobKey) async throws {
        let operation = "DELETE \(key)"
        let response = try await execute(S3Request(method: .DELETE, key: key), operation: operation)
        // AWS answers 204 for a missing key too; 404 from other stores means the same thing.
        guard response.status.code == 404 else {
            return try await expectSuccess(response, operation: operation)
        }
        try await discardBody(response)
    }

    /// Lists at most one key of the bucket: proves the endpoint answers, the credentials are valid
    /// and the bucket exists. Every failure is `BlobStoreError.unavailable`.
    package func checkReady() async throws {
        let operation = "list bucket \(configuration.bucket)"
        do {
            let request = S3Request(method: .GET, key: nil, query: ["list-type": "2", "max-keys": "1"])
            try await expectSuccess(try await execute(request, operation: operation), operation: operation)
        } catch let error as BlobStoreError {
            throw BlobStoreError(.unavailable, error.reason)
        }
    }

    /// Creates the bucket unless it exists already (provisioning and tests; the server never calls it
    /// on its own).
    package func createBucketIfNeeded() async throws {
        let operation = "create bucket \(configuration.bucket)"
        let body: S3Request.Body =
            configuration.region == "us-east-1" ? .empty : .data(S3XML.createBucketRequest(region: configuration.region))
        let response = try await execute(S3Request(method: .PUT, key: nil, body: body), operation: operation)
        if response.status.code == 409 {
            let data = try await readBody(response, limit: Self.maxXMLSize, operation: operation)
            if S3XML.error(in: data)?.code == "BucketAlreadyOwnedByYou" { return }
            throw Self.error(status: 409, body: data, operation: operation)
        }
        try await expectSuccess(response, operation: operation)
    }

    // MARK: Helpers

    /// Turns a lowercase (or uppercase) 64-digit hex SHA-256 into its 32 bytes.
    static func digestBytes(hex: String) throws -> [UInt8] {
        let digits = Array(hex.utf8)
        guard digits.count == 64 else {
            throw BlobStoreError(.rejected, "sha256 must be 64 hex digits")
        }
        func value(_ digit: UInt8) -> UInt8? {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return digit - UInt8(ascii: "A") + 10
            default: return nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for index in stride(from: 0, to: 64, by: 2) {
            guard let high = value(digits[index]), let low = value(digits[index + 1]) else {
                throw BlobStoreError(.rejected, "sha256 must be 64 hex digits")
            }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    static func fileSize(_ file: URL) throws -> Int64 {
        let handle = try FileHandle(forReadingFrom: file)
        defer { try? handle.close() }
        return Int64(try handle.seekToEnd())
    }
}
