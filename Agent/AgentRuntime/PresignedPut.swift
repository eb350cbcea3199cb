import AgentCore
import AsyncHTTPClient
import Foundation
import NIOCore
import RelayClient
import RelayIO

/// `PUT`s a file to a presigned URL, streamed from disk (1 MiB chunks, or 256 KiB chunks through the
/// shared bandwidth limiter when a cap is set): a few chunks in memory whatever the file's size.
package struct PresignedPut: Sendable {
    package enum Outcome: Sendable, Equatable {
        /// With the store's ETag (a multipart part's is needed to complete the upload).
        case stored(etag: String?)
        /// 403: expired or refused signature; or 404 `NoSuchUpload`: the multipart upload the part URL names
        /// is gone (a lifecycle rule aborted it). Either way a new URL (a new upload) is the cure.
        case refused(String)
        /// 5xx, network: try again later.
        case transient(String, retryAfter: Int?)
        /// Any other 4xx (400 BadDigest: the file changed since it was hashed).
        case permanent(String)
    }

    let http: HTTPClient
    let limiter: BandwidthLimiter
    /// Chunks under a bandwidth cap are small, so the cap is smooth.
    static let chunkSize = 256 * 1024
    /// Without a cap, larger chunks mean fewer reads and copies.
    static let unlimitedChunkSize = 1024 * 1024
    /// How long one PUT (a photo, or a recording's part) may take.
    package static let putTimeout: TimeAmount = .minutes(30)

    package init(http: HTTPClient = .shared, limiter: BandwidthLimiter) {
        self.http = http
        self.limiter = limiter
    }

    /// Sends `size` bytes of `file` from `offset` (a whole photo, or one part of a recording).
    package func put(
        file: URL, offset: Int64 = 0, size: Int64, url: String, headers: [String: String], timeout: TimeAmount = putTimeout
    ) async -> Outcome {
        var request = HTTPClientRequest(url: url)
        request.method = .PUT
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if limiter.isUnlimited {
            request.body = .stream(FileChunks(url: file, chunkSize: Self.unlimitedChunkSize, offset: offset, length: size), length: .known(size))
        } else {
            let limiter = self.limiter
            let body = FileChunks(url: file, chunkSize: Self.chunkSize, offset: offset, length: size).map { chunk -> ByteBuffer in
                try await limiter.acquire(chunk.readableBytes)
                return chunk
            }
            request.body = .stream(body, length: .known(size))
        }
        do {
            let response = try await http.execute(request, timeout: timeout)
            let text = String(buffer: try await response.body.collect(upTo: 64 * 1024))
            let code = Int(response.status.code)
            let summary = "store answered \(code): \(Self.reason(text))"
            switch code {
            case 200..<300: return .stored(etag: response.headers.first(name: "ETag"))
            case 403: return .refused(summary)
            case 404 where text.contains("<Code>NoSuchUpload</Code>"): return .refused(summary)
            case 408, 429, 500...: return .transient(summary, retryAfter: response.headers.first(name: "Retry-After").flatMap(Int.init))
            default: return .permanent(summary)
            }
        } catch {
            if !FileManager.default.fileExists(atPath: file.path) { return .permanent("the file is gone: \(file.path)") }
            return .transient("upload failed: \(error)", retryAfter: nil)
        }
    }

    /// The S3 error code and message (`<Code>…</Code>`), or the body's start.
    static func reason(_ body: String) -> String {
        func tag(_ name: String) -> String? {
            guard let start = body.range(of: "<\(name)>"), let end = body.range(of: "</\(name)>", range: start.upperBound..<body.endIndex) else { return nil }
            return String(body[start.upperBound..<end.lowerBound])
        }
        if let code = tag("Code") { return [code, tag("Message")].compactMap { $0 }.joined(separator: ": ") }
        return String(body.prefix(200))
    }
}
