import BackendCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RelayAPI

/// Turns an `AppError` into the error envelope response. The only place error JSON is written.
package enum ErrorRenderer {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// The envelope response for `error`, with its extra headers; `seedFields` adds seed 002's `success`,
    /// `error_code` and `timestamp`.
    package static func response(for error: AppError, requestId: String, seedFields: Bool = false) -> Response {
        let envelope = ErrorEnvelope(
            error: ErrorBody(code: error.code, message: error.message, details: error.details), requestId: requestId,
            seedFieldsAt: seedFields ? Date().formatted(.iso8601) : nil)
        let data = (try? encoder.encode(envelope)) ?? Data(#"{"error":{"code":"\#(APIErrorCode.internalError)"}}"#.utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        for (name, value) in error.headers {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        return Response(
            status: HTTPResponse.Status(code: error.status), headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
