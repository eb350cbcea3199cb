import AsyncHTTPClient
@testable import BackendCore
import Foundation
import NIOCore
import NIOHTTP1
import Testing

/// Where the real-store suite finds its S3 service: `RELAY_TEST_S3_ENDPOINT`, `_REGION`, `_BUCKET`,
/// `_ACCESS_KEY`, `_SECRET_KEY`. With `RELAY_TEST_REQUIRE_SERVICES=1` a missing endpoint fails the
/// suite instead of skipping it.
enum S3TestEnvironment {
    static let environment = ProcessInfo.processInfo.environment
    static let required = environment["RELAY_TEST_REQUIRE_SERVICES"] == "1"
    static let enabled = required || !(environment["RELAY_TEST_S3_ENDPOINT"] ?? "").isEmpty

    /// The configuration, or a recorded failure when the suite must run but cannot.
    static func configuration() throws -> S3Configuration {
        let configuration = try S3Configuration.fromEnvironment(environment, prefix: "RELAY_TEST_S3_")
        return try #require(
            configuration, "RELAY_TEST_REQUIRE_SERVICES=1 but RELAY_TEST_S3_ENDPOINT is not set: S3 suite cannot run"
        )
    }
}

/// `S3BlobStore` against a real S3 service (SeaweedFS in CI). "The client" is a plain `HTTPClient`
/// that only knows the presigned URL and its headers, as the agent does.
@Suite(.serialized, .enabled(if: S3TestEnvironment.enabled))
struct S3BlobStoreTests {
    let http = HTTPClient.shared

    func makeStore(secretAccessKey: String? = nil) async throws -> S3BlobStore {
        var configuration = try S3TestEnvironment.configuration()
        if let secretAccessKey { configuration.secretAccessKey = secretAccessKey }
        let store = try S3BlobStore(configuration: configuration, httpClient: http)
        if secretAccessKey == nil { try await store.createBucketIfNeeded() }
        return store
    }

    func uniqueKey(_ name: String) -> BlobKey {
        BlobKey(segments: "e2e", "s3", UUID().uuidString.lowercased(), name)
    }

    /// Sends a request the way a client does: no S3 knowledge, just URL, method, headers, body.
    func send(
        method: String,
        url: String,
        headers: [String: String] = [:],
        body: Data? = nil
    ) async throws -> (status: UInt, headers: HTTPHeaders, body: Data) {
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await http.execute(request, timeout: .seconds(120))
        let bytes = try await response.body.collect(upTo: 64 * 1024 * 1024)
        return (response.status.code, response.headers, Data(bytes.readableBytesView))
    }

    func send(_ presigned: PresignedRequest, body: Data? = nil) async throws -> (
        status: UInt, headers: HTTPHeaders, body: Data
    ) {
        try await send(method: presigned.method, url: presigned.url, headers: presigned.headers, body: body)
    }

    static func randomBytes(_ count: Int) -> Data {
        var generator = SystemRandomNumberGenerator()
        var words: [UInt64] = []
        words.reserveCapacity(count / 8 + 1)
        for _ in 0...(count / 8) { words.append(generator.next()) }
        return words.withUnsafeBytes { Data($0.prefix(count)) }
    }

    // MARK: Presigned single-object transfers

    @Test func presignedPutWithSHA256ThenPresignedGetReturnsSameBytes() async throws {
        let store = try await makeStore()
        let key = uniqueKey("photo.jpg")
        let bytes = Data("relay presigned round trip \(UUID())".utf8)
        let sha256 = SigV4Signer.sha256Hex(bytes)

        let put = try await store.presignPut(key: key, contentType: "image/jpeg", sha256: sha256, expiresIn: .seconds(300))
        #expect(put.method == "PUT")
        #expect(put.headers["Content-Type"] == "image/jpeg")
        #expect(put.headers["x-amz-content-sha256"] == sha256)
        #expect(put.url.contains("X-Amz-SignedHeaders=content-type%3Bhost%3Bx-amz-checksum-sha256%3Bx-amz-content-sha256"))
        #expect(try await send(put, body: bytes).status == 200)

        let get = try await store.presignGet(key: key, expiresIn: .seconds(300))
        let fetched = try await send(get)
        #expect(fetched.status == 200)
        #expect(fetched.body == bytes)

        let metadata = try await store.head(key: key)
        #expect(metadata?.size == Int64(bytes.count))
        #expect(metadata?.contentType == "image/jpeg")
        #expect(try await store.get(key: key) == bytes)
    }

    @Test func presignedPutRefusesBodyThatDoesNotMatchSHA256() async throws {
        let store = try await makeStore()
        let key = uniqueKey("tampered.jpg")
        let bytes = Data("the bytes that were hashed".utf8)
        let put = try await store.presignPut(
            key: key, contentType: "image/jpeg", sha256: SigV4Signer.sha256Hex(bytes), expiresIn: .seconds(300)
        )
        let result = try await send(put, body: Data("the bytes that were SENT!!".utf8))
        #expect(!(200..<300).contains(result.status))
        #expect(try await store.head(key: key) == nil)
    }

    @Test func alteredPresignedURLIsForbidden() async throws {
        let store = try await makeStore()
        let key = uniqueKey("original.bin")
        let other = uniqueKey("other.bin")
        try await store.put(key: key, data: Data("secret".utf8), contentType: "application/octet-stream")
        try await store.put(key: other, data: Data("other".utf8), contentType: "application/octet-stream")
        let get = try await store.presignGet(key: key, expiresIn: .seconds(300))
        #expect(try await send(get).status == 200)

        // Flip the signature's last hex digit.
        let tamperedSignature = String(get.url.dropLast()) + (get.url.hasSuffix("0") ? "1" : "0")
        #expect(try await send(method: "GET", url: tamperedSignature).status == 403)

        let otherKeyURL = get.url.replacingOccurrences(of: key.rawValue, with: other.rawValue)
        #expect(otherKeyURL != get.url)
        #expect(try await send(method: "GET", url: otherKeyURL).status == 403)
    }

    @Test func expiredPresignedURLIsForbidden() async throws {
        let store = try await makeStore()
        let key = uniqueKey("short-lived.txt")
        try await store.put(key: key, data: Data("soon gone".utf8), contentType: "text/plain")
        let get = try await store.presignGet(key: key, expiresIn: .seconds(1))
        try await Task.sleep(for: .milliseconds(2500))
        #expect(try await send(get).status == 403)
    }

    @Test func presignedURLsUseThePublicEndpoint() async throws {
        var configuration = try S3TestEnvironment.configuration()
        configuration.publicEndpoint = try #require(URL(string: "https://blobs.example.com:9443"))
        let store = try S3BlobStore(configuration: configuration, httpClient: http)
        let get = try await store.presignGet(key: BlobKey(segments: "a", "b.jpg"), expiresIn: .seconds(60))
        #expect(get.url.hasPrefix("https://blobs.example.com:9443/\(configuration.bucket)/a/b.jpg?"))
    }

    // MARK: Multipart

    @Test func multipartUploadThroughPresignedPartURLs() async throws {
        let store = try await makeStore()
        let key = uniqueKey("video.mp4")
        let parts = [Self.randomBytes(5 * 1024 * 1024), Self.randomBytes(5 * 1024 * 1024), Self.randomBytes(1_234_567)]
        let source = parts.reduce(into: Data()) { $0.append($1) }
        let uploadId = try await store.createMultipartUpload(key: key, contentType: "video/mp4")

        var completed: [CompletedPart] = []
        for (index, bytes) in parts.enumerated() {
            let url = try await store.presignUploadPart(
                key: key, uploadId: uploadId, partNumber: index + 1, expiresIn: .seconds(600)
            )
            let result = try await send(url, body: bytes)
            #expect(result.status == 200)
            let etag = try #require(result.headers.first(name: "etag"))
            completed.append(CompletedPart(partNumber: index + 1, etag: etag))
        }

        let listed = try await store.listParts(key: key, uploadId: uploadId)
        #expect(listed.map(\.partNumber) == [1, 2, 3])
        #expect(listed.map(\.size) == parts.map { Int64($0.count) })

        let metadata = try await store.completeMultipartUpload(key: key, uploadId: uploadId, parts: completed)
        #expect(metadata.size == Int64(source.count))
        #expect(metadata.contentType == "video/mp4")

        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let downloaded = directory.appendingPathComponent("video.mp4")
        try await store.download(key: key, to: downloaded)
        #expect(SigV4Signer.sha256Hex(try Data(contentsOf: downloaded)) == SigV4Signer.sha256Hex(source))
    }

    @Test func abortLeavesNoObject() async throws {
        let store = try await makeStore()
        let key = uniqueKey("aborted.bin")
        let uploadId = try await store.createMultipartUpload(key: key, contentType: "application/octet-stream")
        let part = try await store.presignUploadPart(key: key, uploadId: uploadId, partNumber: 1, expiresIn: .seconds(60))
        #expect(try await send(part, body: Self.randomBytes(1000)).status == 200)

        try await store.abortMultipartUpload(key: key, uploadId: uploadId)
        #expect(try await store.head(key: key) == nil)
        do {
            let parts = try await store.listParts(key: key, uploadId: uploadId)
            #expect(parts.isEmpty)
        } catch let error as BlobStoreError {
            #expect(error.code == .uploadNotFound)
        }
    }

    @Test func completingWithWrongETagIsInvalidParts() async throws {
        let store = try await makeStore()
        let key = uniqueKey("wrong-etag.bin")
        let uploadId = try await store.createMultipartUpload(key: key, contentType: "application/octet-stream")
        let part = try await store.presignUploadPart(key: key, uploadId: uploadId, partNumber: 1, expiresIn: .seconds(60))
        #expect(try await send(part, body: Self.randomBytes(1000)).status == 200)

        let wrong = [CompletedPart(partNumber: 1, etag: "\"0123456789abcdef0123456789abcdef\"")]
        do {
            _ = try await store.completeMultipartUpload(key: key, uploadId: uploadId, parts: wrong)
            Issue.record("completing with a wrong ETag succeeded")
        } catch let error as BlobStoreError {
            #expect(error.code == .invalidParts)
        }
        await #expect(throws: BlobStoreError.self) {
            try await store.presignUploadPart(key: key, uploadId: uploadId, partNumber: 10_001, expiresIn: .seconds(60))
        }
        try? await store.abortMultipartUpload(key: key, uploadId: uploadId)
    }

    // MARK: Server-side transfers

    @Test func fileUploadAndDownloadRoundTrip() async throws {
        let store = try await makeStore()
        let key = uniqueKey("derivative.mp4")
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = directory.appendingPathComponent("source.bin")
        let bytes = Self.randomBytes(12 * 1024 * 1024 + 7)
        try bytes.write(to: source)

        try await store.upload(key: key, from: source, contentType: "video/mp4")
        #expect(try await store.head(key: key)?.size == Int64(bytes.count))

        let target = directory.appendingPathComponent("target.bin")
        try await store.download(key: key, to: target)
        #expect(SigV4Signer.sha256Hex(try Data(contentsOf: target)) == SigV4Signer.sha256Hex(bytes))

        let missing = uniqueKey("missing.bin")
        do {
            try await store.download(key: missing, to: directory.appendingPathComponent("missing.bin"))
            Issue.record("downloading a missing key succeeded")
        } catch let error as BlobStoreError {
            #expect(error.code == .notFound)
        }
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("missing.bin").path))
    }

    /// The multipart uploads open in the bucket under `key` (S3 `ListMultipartUploads`).
    func openUploads(_ store: S3BlobStore, key: BlobKey) async throws -> Int {
        let response = try await store.execute(
            S3Request(method: .GET, key: nil, query: ["uploads": "", "prefix": key.rawValue]), operation: "list uploads")
        let body = String(decoding: try await store.readBody(response, limit: 1 << 20, operation: "list uploads"), as: UTF8.self)
        #expect(response.status.code == 200, "\(body)")
        return body.components(separatedBy: "<UploadId>").count - 1
    }

    @Test func fileAboveTheThresholdGoesInPartsAndAFailureLeavesNoUploadOpen() async throws {
        var configuration = try S3TestEnvironment.configuration()
        configuration.multipartThreshold = 5 << 20
        configuration.multipartPartMiB = 5
        let store = try S3BlobStore(configuration: configuration, httpClient: http)
        try await store.createBucketIfNeeded()
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = directory.appendingPathComponent("original.mov")
        let bytes = Self.randomBytes(12 * 1024 * 1024 + 7)  // parts of 5, 5 and 2 MiB + 7 bytes
        try bytes.write(to: source)

        let key = uniqueKey("original.mov")
        try await store.upload(key: key, from: source, contentType: "video/quicktime")
        let stored = try #require(try await store.head(key: key))
        #expect(stored.size == Int64(bytes.count))
        #expect(stored.etag?.contains("-3") == true, "a three-part upload's ETag: \(stored.etag ?? "none")")
        let target = directory.appendingPathComponent("back.mov")
        try await store.download(key: key, to: target)
        #expect(SigV4Signer.sha256Hex(try Data(contentsOf: target)) == SigV4Signer.sha256Hex(bytes))
        #expect(try await openUploads(store, key: key) == 0)

        // The listing sees an upload that is open (so the zeros above and below mean something).
        let probeKey = uniqueKey("probe.mov")
        let probe = try await store.createMultipartUpload(key: probeKey, contentType: "video/quicktime")
        #expect(try await openUploads(store, key: probeKey) == 1)
        try await store.abortMultipartUpload(key: probeKey, uploadId: probe)

        // The file is shorter than the size the upload was planned for: the last part cannot be sent.
        let failing = uniqueKey("short.mov")
        do {
            try await store.uploadInParts(key: failing, from: source, size: Int64(bytes.count) + (3 << 20), contentType: "video/quicktime")
            Issue.record("an upload whose last part cannot be read succeeded")
        } catch {}
        #expect(try await openUploads(store, key: failing) == 0, "the failed upload was aborted")
        #expect(try await store.head(key: failing) == nil)
    }

    @Test func deleteThenHeadIsNil() async throws {
        let store = try await makeStore()
        let key = uniqueKey("deleted.txt")
        try await store.put(key: key, data: Data("bye".utf8), contentType: "text/plain")
        #expect(try await store.head(key: key) != nil)
        try await store.delete(key: key)
        #expect(try await store.head(key: key) == nil)
        try await store.delete(key: key)
        do {
            _ = try await store.get(key: key)
            Issue.record("get of a deleted key succeeded")
        } catch let error as BlobStoreError {
            #expect(error.code == .notFound)
        }
    }

    @Test func checkReadySucceedsAndFailsWithWrongSecret() async throws {
        let store = try await makeStore()
        try await store.checkReady()
        let wrong = try await makeStore(secretAccessKey: "definitely-not-the-secret")
        do {
            try await wrong.checkReady()
            Issue.record("checkReady succeeded with a wrong secret key")
        } catch let error as BlobStoreError {
            #expect(error.code == .unavailable)
            #expect(!error.reason.contains("definitely-not-the-secret"))
        }
    }

    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("relay-s3-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }
}
