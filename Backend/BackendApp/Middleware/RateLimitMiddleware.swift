import BackendCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RelayAPI

/// Applies seed 001's rate limits (token buckets, `RateLimitPolicy`) and adds `X-RateLimit-Limit`,
/// `X-RateLimit-Remaining` and `X-RateLimit-Reset` to every limited response; over the limit answers 429
/// `RATE_LIMITED` with `Retry-After`. Token-scoped buckets are keyed by the caller that
/// `BearerIdentityMiddleware` verified (device or user id); everything else — no token, a forged or expired
/// one, the login and refresh routes — by client IP. Headers as sent never pick a bucket: anyone could
/// make up a fresh one per request. Behind a load balancer listed in `trusted_proxies` the client IP is
/// read from its `X-Forwarded-For` (`TrustedProxies`); from anyone else that header is ignored.
package struct RateLimitMiddleware: RouterMiddleware {
    package typealias Context = AppRequestContext
    let policy: RateLimitPolicy
    let limiter: TokenBucketLimiter
    /// Behind a load balancer, the client address comes from its `X-Forwarded-For`.
    let trustedProxies: TrustedProxies

    package init(policy: RateLimitPolicy, limiter: TokenBucketLimiter, trustedProxies: TrustedProxies = TrustedProxies()) {
        self.policy = policy
        self.limiter = limiter
        self.trustedProxies = trustedProxies
    }

    package func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
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
                for: AppError.rateLimited(
                    "rate limit of \(rule.requestsPerMinute) requests per minute exceeded", limit: rule.requestsPerMinute,
                    retryAfter: decision.retryAfter),
                requestId: context.requestId)
        }
        response.headers[HTTPField.Name("X-RateLimit-Limit")!] = String(decision.limit)
        response.headers[HTTPField.Name("X-RateLimit-Remaining")!] = String(decision.remaining)
        response.headers[HTTPField.Name("X-RateLimit-Reset")!] = String(decision.resetAt)
        return response
    }

    func key(for rule: RateLimitRule, request: Request, context: Context) -> String {
        if rule.scope == .token, let identity = context.identity {
            return "s:" + identity.subject.uuidString
        }
        let client = trustedProxies.clientAddress(
            peer: context.remoteAddress?.ipAddress, forwardedFor: request.headers[HTTPField.Name("X-Forwarded-For")!])
        return "ip:" + (client ?? "unknown")
    }

}
