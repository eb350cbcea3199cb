import BackendCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RelayAPI

extension Request {
    /// Decodes a JSON body with the limits and errors of the API: 415 unless the content type is JSON,
    /// 413 past `maxBodyBytes`, 400 `MALFORMED_JSON` for invalid JSON, 400 `VALIDATION_ERROR` naming the
    /// field for a missing or mistyped member.
    package func decodeJSON<T: Decodable>(as type: T.Type, context: AppRequestContext) async throws -> T {
        if let contentType = headers[.contentType], !contentType.lowercased().contains("json") {
            throw AppError(
                status: 415, code: APIErrorCode.unsupportedMediaType, message: "Content-Type must be application/json")
        }
        // Throws NIOTooManyBytesError past the limit, which ErrorMiddleware renders as 413.
        let buffer = try await body.collect(upTo: context.maxBodyBytes)
        let data = Data(buffer.readableBytesView)
        do {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            return try decoder.decode(T.self, from: data)
        } catch DecodingError.dataCorrupted(let detail) where detail.codingPath.isEmpty {
            // The decoder reports a number it cannot represent (1.5 for an integer, 2^63, 1e400) without a
            // path; valid JSON with such a value is a validation error, not malformed JSON.
            guard (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) == nil else {
                throw AppError.validation("a value is out of range or of the wrong type: \(detail.debugDescription)", field: "body")
            }
            throw AppError(status: 400, code: APIErrorCode.malformedJSON, message: "the body is not valid JSON")
        } catch DecodingError.dataCorrupted(let detail) {
            throw AppError.validation(detail.debugDescription, field: Self.path(detail.codingPath))
        } catch DecodingError.keyNotFound(let key, let detail) {
            let field = Self.path(detail.codingPath + [key])
            throw AppError.validation("\(field) is required", field: field)
        } catch DecodingError.valueNotFound(_, let detail) {
            let field = Self.path(detail.codingPath)
            throw AppError.validation("\(field) must not be null", field: field)
        } catch DecodingError.typeMismatch(let expected, let detail) {
            let field = Self.path(detail.codingPath)
            throw AppError.validation("\(field.isEmpty ? "body" : field) has the wrong type (expected \(expected))", field: field)
        }
    }

    static func path(_ codingPath: [any CodingKey]) -> String {
        codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}
