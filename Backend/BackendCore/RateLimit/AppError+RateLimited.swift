import RelayAPI

extension AppError {
    /// 429 `RATE_LIMITED` with `Retry-After`.
    package static func rateLimited(_ message: String, limit: Int, retryAfter: Int) -> AppError {
        AppError(
            status: 429, code: APIErrorCode.rateLimited, message: message,
            details: ["limit": .number(Double(limit)), "retry_after": .number(Double(retryAfter))],
            headers: ["Retry-After": String(retryAfter)])
    }
}
