import RelayAPI

/// A failure the API reports to its caller: a status, a seed error code and a readable message.
///
/// Domain code throws these; exactly one middleware turns them into the error envelope. Anything else
/// thrown becomes a 500 `INTERNAL_ERROR` whose details stay in the log.
package struct AppError: Error, Sendable, Equatable, CustomStringConvertible {
    /// HTTP status code.
    package let status: Int
    /// `ErrorBody.code`.
    package let code: APIErrorCode
    /// `ErrorBody.message`.
    package let message: String
    /// `ErrorBody.details`.
    package let details: [String: JSONValue]
    /// Extra response headers (e.g. `Allow` on 405, `Retry-After` on 429).
    package let headers: [String: String]

    package init(
        status: Int, code: APIErrorCode, message: String, details: [String: JSONValue] = [:], headers: [String: String] = [:]
    ) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers
    }

    package var description: String { "\(status) \(code): \(message)" }

    /// 400 `VALIDATION_ERROR`, optionally naming the offending field.
    package static func validation(_ message: String, field: String? = nil) -> Self {
        .init(status: 400, code: APIErrorCode.validation, message: message, details: field.map { ["field": .string($0)] } ?? [:])
    }

    /// 404 `NOT_FOUND` (also used for other orgs' resources).
    package static func notFound(_ what: String) -> Self {
        .init(status: 404, code: APIErrorCode.notFound, message: "\(what) not found")
    }

    /// 409 `CONFLICT`.
    package static func conflict(_ message: String, code: APIErrorCode = .conflict) -> Self {
        .init(status: 409, code: code, message: message)
    }

    /// 403 `SIGNATURE_INVALID` for signed URLs.
    package static func signatureInvalid(_ message: String) -> Self {
        .init(status: 403, code: APIErrorCode.signatureInvalid, message: message)
    }

    /// 503 `SERVICE_UNAVAILABLE`.
    package static func unavailable(_ message: String) -> Self {
        .init(status: 503, code: APIErrorCode.unavailable, message: message)
    }
}
