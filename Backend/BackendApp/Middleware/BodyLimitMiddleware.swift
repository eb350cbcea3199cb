import BackendCore
import HTTPTypes
import Hummingbird
import RelayAPI

/// Refuses, before reading a byte, any API request whose declared `Content-Length` exceeds the limit.
/// Bodies without a length are still capped while they are collected (`AppRequestContext.maxUploadSize`).
/// The blob endpoint, video upload and the analyzer's file upload (at any of their bases) have their own,
/// larger limits and are skipped.
package struct BodyLimitMiddleware: RouterMiddleware {
    package typealias Context = AppRequestContext

    package init() {}

    package func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let path = SeedBasePaths.canonicalPath(request.uri.path)
        if !path.hasPrefix("/v1/blobs/"), path != "/v1/upload", path != "/v1/files/upload",
            let length = request.headers[.contentLength].flatMap({ Int($0) }), length > context.maxBodyBytes
        {
            throw AppError(
                status: 413, code: APIErrorCode.payloadTooLarge,
                message: "request body of \(length) bytes exceeds \(context.maxBodyBytes) bytes",
                details: ["max_bytes": .number(Double(context.maxBodyBytes))])
        }
        return try await next(request, context)
    }
}
