/// Error codes used in `ErrorBody.code`. Seed codes keep their seed spelling.
public enum APIErrorCode {
    /// 400: the body or a parameter is invalid.
    public static let validation = "VALIDATION_ERROR"
    /// 400: the body is not valid JSON or not the expected shape.
    public static let malformedJSON = "MALFORMED_JSON"
    /// 401: no token, or a token that does not verify.
    public static let unauthorized = "UNAUTHORIZED"
    /// 403: authenticated but not allowed.
    public static let forbidden = "FORBIDDEN"
    /// 403: a signed URL whose signature is wrong or has expired.
    public static let signatureInvalid = "SIGNATURE_INVALID"
    /// 404: no route at this path.
    public static let routeNotFound = "ROUTE_NOT_FOUND"
    /// 404: the resource does not exist or belongs to another org.
    public static let notFound = "NOT_FOUND"
    /// 405: the path exists but not for this method.
    public static let methodNotAllowed = "METHOD_NOT_ALLOWED"
    /// 409: the resource already exists or is in a conflicting state.
    public static let conflict = "CONFLICT"
    /// 409: an image that failed processing has been processed as often as allowed and is not queued again.
    public static let imageRetryLimit = "IMAGE_RETRY_LIMIT"
    /// 413: the body is larger than the endpoint accepts.
    public static let payloadTooLarge = "PAYLOAD_TOO_LARGE"
    /// 415: the content type is not accepted here.
    public static let unsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE"
    /// 422: an `Idempotency-Key` sent again with a different request.
    public static let idempotencyKeyReused = "IDEMPOTENCY_KEY_REUSED"
    /// 429: rate limit exceeded.
    public static let rateLimited = "RATE_LIMITED"
    /// 500: an unexpected failure; details are in the server log under the request id.
    public static let internalError = "INTERNAL_ERROR"
    /// 503: a dependency (database, blob store) is not reachable.
    public static let unavailable = "SERVICE_UNAVAILABLE"

    // MARK: Identity

    /// 401: a token that does not verify (signature, algorithm, key id, issuer, audience, claims).
    public static let tokenInvalid = "TOKEN_INVALID"
    /// 401: a token past its `exp` (with 30 s of leeway).
    public static let tokenExpired = "TOKEN_EXPIRED"
    /// 401: the device has been revoked.
    public static let deviceRevoked = "DEVICE_REVOKED"
    /// 403: no user of an org that trusts the identity provider has the id_token's email (or any email).
    public static let userNotInOrg = "USER_NOT_IN_ORG"
    /// 403: the id_token's email is not marked verified (`email_verified`) by the identity provider.
    public static let emailNotVerified = "EMAIL_NOT_VERIFIED"
}
