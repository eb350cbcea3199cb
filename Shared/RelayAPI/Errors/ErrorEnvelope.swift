/// The one error shape every endpoint answers with (seeds 000/001/004):
/// `{"error":{"code","message","details"},"request_id"}`.
package struct ErrorEnvelope: Codable, Sendable, Equatable {
    /// The error itself.
    package var error: ErrorBody
    /// The id of the request that failed, also sent as `X-Request-Id`.
    package var requestId: String

    package init(error: ErrorBody, requestId: String) {
        self.error = error
        self.requestId = requestId
    }

    enum CodingKeys: String, CodingKey {
        case error
        case requestId = "request_id"
    }
}

/// The `error` member of `ErrorEnvelope`.
package struct ErrorBody: Codable, Sendable, Equatable {
    /// A stable machine-readable code, e.g. `VALIDATION_ERROR`; unknown codes decode too.
    package var code: APIErrorCode
    /// A human-readable description; never contains internals.
    package var message: String
    /// Structured extra information (field names, limits, allowed methods).
    package var details: [String: JSONValue]

    package init(code: APIErrorCode, message: String, details: [String: JSONValue] = [:]) {
        self.code = code
        self.message = message
        self.details = details
    }
}
