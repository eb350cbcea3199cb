import BackendCore
import BackendStore
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import RelayAPI

/// Renders every error as the envelope with the right status. Domain `AppError`s pass through as they
/// are; Hummingbird's own errors (unknown route, body too large), blob-store errors and a database that
/// cannot be reached (503, `DatabaseOutage`) are mapped; anything else is a 500 `INTERNAL_ERROR` whose cause is logged with the request id, never sent to the client.
package struct ErrorMiddleware: RouterMiddleware {
    package typealias Context = AppRequestContext
    let routes: RouteTable

    package init(routes: RouteTable) {
        self.routes = routes
    }

    package func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            let appError = map(error, request: request, context: context)
            return ErrorRenderer.response(
                for: appError, requestId: context.requestId, seedFields: AnalyzerController.isSeedPath(request.uri.path))
        }
    }

    func map(_ error: any Error, request: Request, context: Context) -> AppError {
        switch error {
        case let error as AppError:
            return error
        case let error as HTTPError:
            return map(httpError: error, request: request, context: context)
        case is NIOTooManyBytesError:
            return map(httpError: HTTPError(.contentTooLarge), request: request, context: context)
        case let error as BlobStoreError:
            return Self.map(blobError: error)
        case let error where DatabaseOutage.matches(error):
            context.logger.warning("database unavailable", metadata: ["error": "\(DatabaseOutage.summary(error))"])
            return AppError(
                status: 503, code: APIErrorCode.unavailable, message: "the database is unavailable; try again shortly",
                headers: ["Retry-After": "1"])
        default:
            context.logger.error(
                "unhandled error", metadata: ["error": "\(error)", "type": "\(String(reflecting: type(of: error)))"])
            return AppError(status: 500, code: APIErrorCode.internalError, message: "an internal error occurred")
        }
    }

    func map(httpError: HTTPError, request: Request, context: Context) -> AppError {
        switch httpError.status {
        case .notFound:
            let allowed = routes.methods(forPath: request.uri.path)
            if !allowed.isEmpty, !allowed.contains(request.method.rawValue) {
                return AppError(
                    status: 405, code: APIErrorCode.methodNotAllowed,
                    message: "\(request.method.rawValue) is not allowed on \(request.uri.path)",
                    details: ["allowed": .array(allowed.map { .string($0) })],
                    headers: ["Allow": allowed.joined(separator: ", ")])
            }
            return AppError(status: 404, code: APIErrorCode.routeNotFound, message: "no route for \(request.uri.path)")
        case .contentTooLarge:
            return AppError(
                status: 413, code: APIErrorCode.payloadTooLarge,
                message: "request body exceeds \(context.maxBodyBytes) bytes",
                details: ["max_bytes": .number(Double(context.maxBodyBytes))])
        case .badRequest:
            return AppError(status: 400, code: APIErrorCode.malformedJSON, message: httpError.body ?? "bad request")
        case .unsupportedMediaType:
            return AppError(status: 415, code: APIErrorCode.unsupportedMediaType, message: httpError.body ?? "unsupported media type")
        default:
            return AppError(
                status: Int(httpError.status.code), code: httpError.status.code >= 500 ? APIErrorCode.internalError : .httpStatus(Int(httpError.status.code)),
                message: httpError.body ?? httpError.status.reasonPhrase)
        }
    }

    static func map(blobError: BlobStoreError) -> AppError {
        switch blobError.code {
        case .notFound: AppError(status: 404, code: APIErrorCode.notFound, message: "object not found")
        case .uploadNotFound: AppError(status: 404, code: .uploadNotFound, message: blobError.reason)
        case .invalidParts: AppError(status: 400, code: .invalidParts, message: blobError.reason)
        case .unavailable: AppError(status: 503, code: APIErrorCode.unavailable, message: "blob store unavailable")
        case .rejected: AppError(status: 502, code: .blobStoreRejected, message: "blob store refused the request")
        }
    }
}
