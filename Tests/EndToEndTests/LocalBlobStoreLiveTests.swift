import AsyncHTTPClient
import BackendApp
import BackendCore
import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import RelayAPI
import Testing
import TestSupport

/// The local-disk store end to end: the backend's own blob endpoint served for real, and a plain HTTP
/// client (no Relay code) using the presigned URLs — as the agent or a browser would.
@Suite("Local blob store over HTTP", .serialized)
struct LocalBlobStoreLiveTests {
    let client = HTTPClient.shared

    /// Runs `body` with a live server on a free port and its local store.
    func withServer(_ body: @escaping @Sendable (LocalBlobStore, HTTPClient) async throws -> Void) async throws {
        let port = freeLoopbackPort()
        try await TestApp.with("sqlite", extra: ["port": "\(port)", "public_url": "http://127.0.0.1:\(port)"]) { services, router in
            let store = try #require(services.blobStore as? LocalBlobStore)
            try await TestApp.serve(router, port: port) { _ in try await body(store, client) }
        }
    }

    func send(_ request: PresignedRequest, body: Data? = nil, url: String? = nil, headers: [String: String]? = nil)
        async throws -> (status: Int, body: Data, headers: HTTPHeaders)
    {
        var http = HTTPClientRequest(url: url ?? request.url)
        http.method = HTTPMethod(rawValue: request.method)
        for (name, value) in headers ?? request.headers { http.headers.add(name: name, value: value) }
        if let body { http.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await client.execute(http, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        return (Int(response.status.code), Data(bytes.readableBytesView), response.headers)
    }

    static func sha256(_ data: Data) -> String { SecretToken.hex(SHA256.hash(data: data)) }

    static func errorCode(_ body: Data) -> APIErrorCode? {
        (try? JSONDecoder().decode(ErrorEnvelope.self, from: body))?.error.code
    }

    @Test("presigned PUT then GET round-trips the bytes; SHA-256 and content type are enforced")
    func roundTrip() async throws {
        try await withServer { store, _ in
            let key = BlobKey(segments: "org", "o1", "session", "s1", "\(UUID().uuidString).jpg")
            let bytes = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
            let put = try await store.presignPut(key: key, contentType: "image/jpeg", sha256: Self.sha256(bytes), expiresIn: .seconds(900))
            #expect(put.headers["Content-Type"] == "image/jpeg")

            // Wrong body for the signed SHA-256: refused, nothing stored.
            let wrong = try await send(put, body: Data("not the photo".utf8), headers: ["Content-Type": "image/jpeg"])
            #expect(wrong.status == 400)
            #expect(Self.errorCode(wrong.body) == "CHECKSUM_MISMATCH")
            #expect(try await store.head(key: key) == nil)
            // Another content type than the signed one: refused.
            let otherType = try await send(put, body: bytes, headers: ["Content-Type": "image/png"])
            #expect(otherType.status == 403)
            #expect(try await store.head(key: key) == nil)

            let ok = try await send(put, body: bytes)
            #expect(ok.status == 200)
            #expect(ok.headers.first(name: "ETag") == "\"\(Self.sha256(bytes))\"")
            let meta = try #require(try await store.head(key: key))
            #expect(meta.size == Int64(bytes.count))
            #expect(meta.contentType == "image/jpeg")

            let get = try await store.presignGet(key: key, expiresIn: .seconds(60))
            let fetched = try await send(get)
            #expect(fetched.status == 200)
            #expect(fetched.body == bytes)
            #expect(fetched.headers.first(name: "Content-Type") == "image/jpeg")
            // No temp files left behind by the failed attempts.
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: store.root.appendingPathComponent("tmp").path)
            #expect(leftovers.isEmpty)
        }
    }

    @Test("altered or expired URLs are refused with 403")
    func tamperAndExpiry() async throws {
        try await withServer { store, _ in
            let key = BlobKey(segments: "t", "\(UUID().uuidString).jpg")
            let bytes = Data("hello".utf8)
            let put = try await store.presignPut(key: key, contentType: "image/jpeg", sha256: Self.sha256(bytes), expiresIn: .seconds(900))
            let signature = try #require(put.url.range(of: "X-Relay-Signature=")).upperBound
            let flipped = put.url[signature] == "a" ? "b" : "a"
            var tampered = put.url
            tampered.replaceSubrange(signature...signature, with: String(flipped))
            let badSignature = try await send(put, body: bytes, url: tampered)
            #expect(badSignature.status == 403)
            #expect(Self.errorCode(badSignature.body) == APIErrorCode.signatureInvalid)
            let otherKey = try await send(put, body: bytes, url: put.url.replacingOccurrences(of: key.rawValue, with: "t/other.jpg"))
            #expect(otherKey.status == 403)
            let longer = try await send(
                put, body: bytes,
                url: put.url.replacingOccurrences(
                    of: "X-Relay-Expires=", with: "X-Relay-Expires=9"))
            #expect(longer.status == 403)
            // A PUT URL cannot be used to GET.
            let asGet = try await send(PresignedRequest(method: "GET", url: put.url, headers: [:], expiresAt: put.expiresAt))
            #expect(asGet.status == 403)
            #expect(try await store.head(key: key) == nil)

            let shortLived = try await store.presignPut(key: key, contentType: "image/jpeg", sha256: nil, expiresIn: .seconds(1))
            try await Task.sleep(for: .milliseconds(2100))
            let expired = try await send(shortLived, body: bytes)
            #expect(expired.status == 403)
            #expect(Self.errorCode(expired.body) == APIErrorCode.signatureInvalid)
            #expect(try await store.head(key: key) == nil)
        }
    }

    @Test("path traversal in the key never reaches the disk")
    func traversal() async throws {
        try await withServer { store, client in
            let port = URL(string: store.publicBaseURL)!.port!
            for path in ["/v1/blobs/a/%2e%2e/%2e%2e/escape.txt", "/v1/blobs/a//b", "/v1/blobs/a/..%2f..%2fescape.txt"] {
                var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)?X-Relay-Method=PUT&X-Relay-Expires=99999999999&X-Relay-Signature=00")
                request.method = .PUT
                request.body = .bytes(ByteBuffer(string: "evil"))
                let response = try await client.execute(request, timeout: .seconds(10))
                #expect([400, 403, 404].contains(Int(response.status.code)), "\(path) → \(response.status.code)")
            }
            #expect(!FileManager.default.fileExists(atPath: store.root.deletingLastPathComponent().appendingPathComponent("escape.txt").path))
            #expect(!FileManager.default.fileExists(atPath: store.root.appendingPathComponent("escape.txt").path))
        }
    }

    @Test("3-part multipart upload through presigned part URLs; abort leaves nothing")
    func multipart() async throws {
        try await withServer { store, _ in
            let key = BlobKey(segments: "projects", "p1", "originals", "angle-001_v001.mp4")
            let partSize = 5 * 1024 * 1024
            let source = Data((0..<(2 * partSize + 1_234_567)).map { UInt8(truncatingIfNeeded: ($0 * 7) ^ ($0 >> 9)) })
            let uploadId = try await store.createMultipartUpload(key: key, contentType: "video/mp4")
            var completed: [CompletedPart] = []
            for (index, start) in stride(from: 0, to: source.count, by: partSize).enumerated() {
                let chunk = source.subdata(in: start..<min(start + partSize, source.count))
                let url = try await store.presignUploadPart(key: key, uploadId: uploadId, partNumber: index + 1, expiresIn: .seconds(600))
                let response = try await send(url, body: chunk)
                #expect(response.status == 200)
                let etag = try #require(response.headers.first(name: "ETag"))
                completed.append(CompletedPart(partNumber: index + 1, etag: etag))
            }
            let listed = try await store.listParts(key: key, uploadId: uploadId)
            #expect(listed.map(\.partNumber) == [1, 2, 3])
            #expect(listed.map(\.size) == [Int64(partSize), Int64(partSize), 1_234_567])
            // A wrong ETag is refused and nothing is assembled.
            var wrong = completed
            wrong[1].etag = "\"deadbeef\""
            await #expect { _ = try await store.completeMultipartUpload(key: key, uploadId: uploadId, parts: wrong) } throws: {
                ($0 as? BlobStoreError)?.code == .invalidParts
            }
            #expect(try await store.head(key: key) == nil)

            let meta = try await store.completeMultipartUpload(key: key, uploadId: uploadId, parts: completed)
            #expect(meta.size == Int64(source.count))
            let fetched = try await send(try await store.presignGet(key: key, expiresIn: .seconds(60)))
            #expect(Self.sha256(fetched.body) == Self.sha256(source))
            // Completing twice: the upload is gone.
            await #expect { _ = try await store.completeMultipartUpload(key: key, uploadId: uploadId, parts: completed) } throws: {
                ($0 as? BlobStoreError)?.code == .uploadNotFound
            }

            // Abort: parts and upload disappear; no object appears.
            let abortedKey = BlobKey(segments: "projects", "p1", "originals", "aborted.mp4")
            let aborted = try await store.createMultipartUpload(key: abortedKey, contentType: "video/mp4")
            let partURL = try await store.presignUploadPart(key: abortedKey, uploadId: aborted, partNumber: 1, expiresIn: .seconds(600))
            #expect(try await send(partURL, body: Data(count: 1000)).status == 200)
            try await store.abortMultipartUpload(key: abortedKey, uploadId: aborted)
            #expect(try await store.head(key: abortedKey) == nil)
            await #expect { _ = try await store.listParts(key: abortedKey, uploadId: aborted) } throws: {
                ($0 as? BlobStoreError)?.code == .uploadNotFound
            }
            let late = try await send(partURL, body: Data(count: 1000))
            #expect(late.status == 404)
            #expect(!FileManager.default.fileExists(atPath: store.root.appendingPathComponent("multipart/\(aborted)").path))
        }
    }
}
