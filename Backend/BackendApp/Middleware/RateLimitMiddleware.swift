import BackendCore
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RelayAPI

/// Applies seed 001's rate limits (token buckets, `RateLimitPolicy`) and adds `X-RateLimit-Limit`,
/// `X-RateLimit-Remaining` and `X-RateLimit-Reset` to every limited response; over the limit answers 429
/// `RATE_LIMITED` with `Retry-After`. Buckets are keyed by client IP or by a hash of the bearer token
/// (never by unverified claims, which anyone could forge to drain someone else's bucket).
public struct RateLimitMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let policy: RateLimitPolicy
    let limiter: TokenBucketLimiter

    public init(policy: RateLimitPolicy, limiter: TokenBucketLimiter) {
        self.policy = policy
        self.limiter = limiter
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard let rule = policy.rule(method: request.method.rawValue, path: request.uri.path) else {
            return try await next(request, context)
        }
        let decision = limiter.take(rule, key: key(for: rule, request: request, context: context), now: Date().timeIntervalSince1970)
        var response: Response
        if decision.allowed {
            response = try await next(request, context)
        } else {
            response = ErrorRenderer.response(
                for: AppError(
                    status: 429, code: APIErrorCode.rateLimited,
                    message: "rate limit of \(rule.requestsPerMinute) requests per minute exceeded",
                    details: ["limit": .number(Double(rule.requestsPerMinute)), "retry_after": .number(Double(decision.retryAfter))],
                    headers: ["Retry-After": String(decision.retryAfter)]),
                requestId: context.requestId)
        }
        response.headers[HTTPField.Name("X-RateLimit-Limit")!] = String(decision.limit)
        response.headers[HTTPField.Name("X-RateLimit-Remaining")!] = String(decision.remaining)
        response.headers[HTTPField.Name("X-RateLimit-Reset")!] = String(decision.resetAt)
        return response
    }

    func key(for rule: RateLimitRule, request: Request, context: Context) -> String {
        if rule.scope == .token, let header = request.headers[.authorization], !header.isEmpty {
            return "t:" + SecretToken.hex(SHA256.hash(data: Data(header.utf8)).prefix(16))
        }
        return "ip:" + Self.ip(context.remoteAddress)
    }

    static func ip(_ address: SocketAddress?) -> String {
        address?.ipAddress ?? "unknown"
    }
}
