/// The one error shape every endpoint answers with (seeds 000/001/004):
/// `{"error":{"code","message","details"},"request_id"}`.
package struct ErrorEnvelope: Codable, Sendable, Equatable {
    /// The error itself.
    package var error: ErrorBody
    /// The id of the request that failed, also sent as `X-Request-Id`.
    package var requestId: String
    /// Seed 002's routes also carry `success: false`, `error_code` (= `error.code`) and `timestamp`, so a
    /// client written against that seed reads its errors; `nil` (absent) elsewhere.
    package var success: Bool?
    package var errorCode: APIErrorCode?
    package var timestamp: String?

    package init(error: ErrorBody, requestId: String, seedFieldsAt timestamp: String? = nil) {
        self.error = error
        self.requestId = requestId
        if let timestamp {
            success = false
            errorCode = error.code
            self.timestamp = timestamp
        }
    }

    enum CodingKeys: String, CodingKey {
        case error
        case requestId = "request_id"
        case success
        case errorCode = "error_code"
        case timestamp
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
