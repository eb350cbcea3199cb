import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import RelayIO
import NIOHTTP1

/// One server-side S3 request before signing.
struct S3Request: Sendable {
    /// What the request sends.
    enum Body: Sendable {
        case empty
        /// Hashed into `x-amz-content-sha256`.
        case data(Data)
        /// `size` bytes from `offset` of a file, streamed from disk in 1 MiB chunks, sent as
        /// `UNSIGNED-PAYLOAD`.
        case file(URL, offset: Int64 = 0, size: Int64)
    }

    var method: HTTPMethod
    /// `nil` addresses the bucket itself.
    var key: BlobKey?
    var query: [String: String]
    /// Extra headers to sign and send (e.g. `content-type`).
    var headers: [String: String]
    var body: Body
    /// Whether the request moves object bytes (gets `transferTimeout` instead of `requestTimeout`).
    var transfer: Bool

    init(
        method: HTTPMethod,
        key: BlobKey?,
        query: [String: String] = [:],
        headers: [String: String] = [:],
        body: Body = .empty,
        transfer: Bool = false
    ) {
        self.method = method
        self.key = key
        self.query = query
        self.headers = headers
        self.body = body
        self.transfer = transfer
    }
}

extension S3BlobStore {
    /// Largest XML answer read (a `ListParts` page of 1,000 parts is about 200 KB).
    static let maxXMLSize = 4 * 1024 * 1024
    /// Chunk size of streamed file uploads.
    static let fileChunkSize = 1024 * 1024

    /// Signs and sends `request`. Transport failures become `BlobStoreError.unavailable`.
    func execute(_ request: S3Request, operation: String) async throws -> HTTPClientResponse {
        let payloadHash: String
        let body: HTTPClientRequest.Body?
        switch request.body {
        case .empty:
            payloadHash = SigV4Signer.emptyPayloadHash
            body = nil
        case .data(let data):
            payloadHash = SigV4Signer.sha256Hex(data)
            body = HTTPClientRequest.Body.bytes(ByteBuffer(bytes: data))
        case .file(let url, let offset, let size):
            payloadHash = SigV4Signer.unsignedPayload
            if size == 0 {
                body = HTTPClientRequest.Body.bytes(ByteBuffer())
            } else {
                let chunks = FileChunks(url: url, chunkSize: Self.fileChunkSize, offset: offset, length: size)
                body = HTTPClientRequest.Body.stream(chunks, length: .known(size))
            }
        }
        let path = origin.path(bucket: configuration.bucket, key: request.key)
        let headers = signer.signedHeaders(
            method: request.method.rawValue,
            host: origin.host,
            path: path,
            query: request.query,
            headers: request.headers,
            payloadHash: payloadHash,
            date: now()
        )
        var httpRequest = HTTPClientRequest(url: origin.url(path: path, query: request.query))
        httpRequest.method = request.method
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
            httpRequest.headers.add(name: name, value: value)
        }
        httpRequest.body = body
        let timeout = request.transfer ? configuration.transferTimeout : configuration.requestTimeout
        do {
            return try await httpClient.execute(httpRequest, timeout: TimeAmount(timeout), logger: logger)
        } catch {
            throw Self.transportError(error, operation: operation)
        }
    }

    /// Reads a whole (bounded) response body.
    func readBody(_ response: HTTPClientResponse, limit: Int, operation: String) async throws -> Data {
        do {
            let buffer = try await response.body.collect(upTo: limit)
            return Data(buffer.readableBytesView)
        } catch is NIOTooManyBytesError {
            throw BlobStoreError(.rejected, "S3 \(operation): response larger than \(limit) bytes")
        } catch {
            throw Self.transportError(error, operation: operation)
        }
    }

    /// Consumes a body we do not need so the connection can be reused.
    func discardBody(_ response: HTTPClientResponse) async throws {
        for try await _ in response.body {}
    }

    /// Succeeds on 2xx (body discarded); otherwise throws the error S3 reported.
    func expectSuccess(_ response: HTTPClientResponse, operation: String) async throws {
        guard (200..<300).contains(response.status.code) else {
            throw await failure(response, operation: operation)
        }
        try await discardBody(response)
    }

    /// The `BlobStoreError` for a failed response; a bare 404 means `missing` is absent.
    func failure(_ response: HTTPClientResponse, operation: String, missing: BlobKey? = nil) async -> BlobStoreError {
        let body = (try? await readBody(response, limit: Self.maxXMLSize, operation: operation)) ?? Data()
        let error = Self.error(status: response.status.code, body: body, operation: operation)
        if let missing, response.status.code == 404, error.code != .uploadNotFound {
            return .notFound(missing)
        }
        logger.debug("S3 request failed", metadata: ["operation": "\(operation)", "reason": "\(error.reason)"])
        return error
    }

    /// Maps an S3 answer to a `BlobStoreError`. The reason carries S3's code and message only:
    /// never headers, signatures or the secret.
    static func error(status: UInt, body: Data, operation: String) -> BlobStoreError {
        let reported = S3XML.error(in: body)
        let code = reported?.code ?? ""
        var reason = "S3 \(operation): HTTP \(status)"
        if !code.isEmpty { reason += " \(code)" }
        if let message = reported?.message, !message.isEmpty { reason += ": \(message)" }
        switch code {
        case "NoSuchKey":
            return BlobStoreError(.notFound, reason)
        case "NoSuchUpload":
            return BlobStoreError(.uploadNotFound, reason)
        case "InvalidPart", "InvalidPartOrder", "EntityTooSmall", "MalformedXML":
            return BlobStoreError(.invalidParts, reason)
        case "AccessDenied", "SignatureDoesNotMatch", "InvalidAccessKeyId", "NoSuchBucket",
            "InternalError", "ServiceUnavailable", "SlowDown", "RequestTimeTooSkewed":
            return BlobStoreError(.unavailable, reason)
        default:
            if status == 404 && reported == nil { return BlobStoreError(.notFound, reason) }
            let unavailable = status >= 500 || status == 401 || status == 403 || (200..<300).contains(status)
            return BlobStoreError(unavailable ? .unavailable : .rejected, reason)
        }
    }

    /// Keeps domain, cancellation and local file errors; wraps network errors as `.unavailable`.
    static func transportError(_ error: any Error, operation: String) -> any Error {
        switch error {
        case is BlobStoreError, is CancellationError:
            return error
        case is HTTPClientError, is ChannelError, is IOError:
            return BlobStoreError(.unavailable, "S3 \(operation) failed: \(error)")
        default:
            // Errors thrown from inside the HTTP stack (DNS, TLS, connect) are not all public types.
            let typeName = String(reflecting: type(of: error))
            if typeName.hasPrefix("NIO") || typeName.hasPrefix("AsyncHTTPClient") {
                return BlobStoreError(.unavailable, "S3 \(operation) failed: \(error)")
            }
            return error
        }
    }
}
