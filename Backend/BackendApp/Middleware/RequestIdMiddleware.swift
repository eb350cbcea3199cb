import BackendCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Gives every request an id — the client's `X-Request-Id` when it is sane, a new UUID otherwise — puts
/// it in the context, the logger metadata and every response, and writes one structured access-log line
/// per request (method, route template, status, duration; never headers, so no tokens in logs).
package struct RequestIdMiddleware: RouterMiddleware {
    package typealias Context = AppRequestContext
    static let header = HTTPField.Name("X-Request-Id")!
    let maxBodyBytes: Int

    package init(maxBodyBytes: Int) {
        self.maxBodyBytes = maxBodyBytes
    }

    package func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var context = context
        context.requestId = Self.acceptable(request.headers[Self.header]) ?? UUID().uuidString.lowercased()
        context.maxBodyBytes = maxBodyBytes
        context.logger[metadataKey: "request_id"] = .string(context.requestId)
        let started = ContinuousClock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            // ErrorMiddleware sits inside this one and renders every error; this is a last resort.
            context.logger.error("unrendered error", metadata: ["error": "\(String(reflecting: type(of: error)))"])
            response = ErrorRenderer.response(
                for: AppError(status: 500, code: .internalError, message: "internal error"), requestId: context.requestId)
        }
        response.headers[Self.header] = context.requestId
        let elapsed = ContinuousClock.now - started
        context.logger.info(
            "request",
            metadata: [
                "method": .string(request.method.rawValue),
                "route": .string(context.endpointPath ?? "unmatched"),
                "status": .stringConvertible(response.status.code),
                "duration_ms": .string(String(format: "%.2f", Double(elapsed.components.attoseconds) / 1e15
                    + Double(elapsed.components.seconds) * 1000)),
            ])
        return response
    }

    /// A client-supplied id is kept only if it is 1–128 characters of `[A-Za-z0-9._-]` (no log injection).
    static func acceptable(_ value: String?) -> String? {
        guard let value, (1...128).contains(value.utf8.count),
            value.utf8.allSatisfy({ byte in
                (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte)
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
            })
        else { return nil }
        return value
    }
}
