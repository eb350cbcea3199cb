// Codes any endpoint may answer with.
extension APIErrorCode {
    /// 400: the body or a parameter is invalid; `details.field` names it when there is one.
    package static let validation = Self(rawValue: "VALIDATION_ERROR")
    /// 400: the body is not valid JSON or not the expected shape.
    package static let malformedJSON = Self(rawValue: "MALFORMED_JSON")
    /// 401: no token, or a token that does not verify.
    package static let unauthorized = Self(rawValue: "UNAUTHORIZED")
    /// 403: authenticated but not allowed.
    package static let forbidden = Self(rawValue: "FORBIDDEN")
    /// 403: a signed URL whose signature is wrong or has expired.
    package static let signatureInvalid = Self(rawValue: "SIGNATURE_INVALID")
    /// 404: no route at this path.
    package static let routeNotFound = Self(rawValue: "ROUTE_NOT_FOUND")
    /// 404: the resource does not exist or belongs to another org.
    package static let notFound = Self(rawValue: "NOT_FOUND")
    /// 405: the path exists but not for this method (`Allow` lists the methods).
    package static let methodNotAllowed = Self(rawValue: "METHOD_NOT_ALLOWED")
    /// 409: the resource already exists or is in a conflicting state.
    package static let conflict = Self(rawValue: "CONFLICT")
    /// 413: the body is larger than the endpoint accepts.
    package static let payloadTooLarge = Self(rawValue: "PAYLOAD_TOO_LARGE")
    /// 415: the content type is not accepted here.
    package static let unsupportedMediaType = Self(rawValue: "UNSUPPORTED_MEDIA_TYPE")
    /// 422: an `Idempotency-Key` sent again with a different request.
    package static let idempotencyKeyReused = Self(rawValue: "IDEMPOTENCY_KEY_REUSED")
    /// 429: rate limit exceeded (`Retry-After` says when to come back).
    package static let rateLimited = Self(rawValue: "RATE_LIMITED")
    /// 500: an unexpected failure; details are in the server log under the request id.
    package static let internalError = Self(rawValue: "INTERNAL_ERROR")
    /// 503: a dependency (database, blob store) is not reachable.
    package static let unavailable = Self(rawValue: "SERVICE_UNAVAILABLE")
    /// 400: `GET` of a WebSocket endpoint without an upgrade request.
    package static let websocketUpgradeRequired = Self(rawValue: "WEBSOCKET_UPGRADE_REQUIRED")
    /// 400: a WebSocket upgrade request with a bad `Sec-WebSocket-Key` or version.
    package static let websocketUpgradeInvalid = Self(rawValue: "WEBSOCKET_UPGRADE_INVALID")

    /// `HTTP_<status>`: another 4xx the HTTP framework raised before a handler ran (none of the named
    /// codes fits). The only family of codes outside `all`; the document gives its pattern.
    package static func httpStatus(_ status: Int) -> Self { Self(rawValue: "HTTP_\(status)") }
}
