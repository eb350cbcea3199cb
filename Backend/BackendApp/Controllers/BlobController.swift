import BackendCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RelayAPI

/// The local-disk store's endpoint: `PUT` and `GET /v1/blobs/{key}` behind URLs signed by
/// `LocalBlobURLSigner`. Registered only when the local store is in use (with S3 clients talk to S3).
struct BlobController {
    let store: LocalBlobStore
    let maxBlobBytes: Int64

    func addRoutes(to router: Router<AppRequestContext>) {
        router.put("/v1/blobs/**") { request, context in
            try await put(request, context: context)
        }
        router.get("/v1/blobs/**") { request, context in
            try await get(request, context: context)
        }
    }

    func put(_ request: Request, context: AppRequestContext) async throws -> Response {
        let key = try Self.key(context)
        let grant = try store.signer.verify(method: "PUT", key: key, query: Self.query(request), now: Date())
        if let signedSHA = grant.sha256, let sent = request.headers[HTTPField.Name("x-amz-content-sha256")!],
            sent.lowercased() != signedSHA.lowercased()
        {
            throw AppError.signatureInvalid("x-amz-content-sha256 differs from the signed value")
        }
        if let length = request.headers[.contentLength].flatMap({ Int64($0) }), length > maxBlobBytes {
            throw AppError(
                status: 413, code: APIErrorCode.payloadTooLarge, message: "object exceeds \(maxBlobBytes) bytes",
                details: ["max_bytes": .number(Double(maxBlobBytes))])
        }
        let etag = try await store.receive(
            grant: grant, contentType: request.headers[.contentType], contentLength: request.headers[.contentLength].flatMap { Int64($0) },
            body: request.body, maxBytes: maxBlobBytes)
        return Response(status: .ok, headers: [.eTag: "\"\(etag)\""])
    }

    func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let key = try Self.key(context)
        _ = try store.signer.verify(method: "GET", key: key, query: Self.query(request), now: Date())
        guard let metadata = try await store.head(key: key) else { throw AppError.notFound("object") }
        var headers: HTTPFields = [.contentType: metadata.contentType ?? "application/octet-stream"]
        headers[.contentLength] = String(metadata.size)
        if let etag = metadata.etag { headers[.eTag] = "\"\(etag)\"" }
        let body = try await FileIO().loadFile(path: store.objectURL(key).path, context: context)
        return Response(status: .ok, headers: headers, body: body)
    }

    /// The key from the path; anything that is not a safe key (`..`, empty segments, odd bytes) is a 400.
    static func key(_ context: AppRequestContext) throws -> BlobKey {
        let raw = context.parameters.getCatchAll().joined(separator: "/")
        guard let key = BlobKey(raw.removingPercentEncoding ?? raw) else {
            throw AppError.validation("invalid object key", field: "key")
        }
        return key
    }

    /// Query parameters, percent-decoded; `+` stays `+` (the signer encodes it as %2B).
    static func query(_ request: Request) -> [String: String] {
        var values: [String: String] = [:]
        for item in URLComponents(string: "?" + (request.uri.query ?? ""))?.queryItems ?? [] {
            values[item.name] = item.value ?? ""
        }
        return values
    }
}
