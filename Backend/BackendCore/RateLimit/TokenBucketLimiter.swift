import Foundation
import Synchronization

/// In-process token buckets: each key holds up to `requestsPerMinute` tokens, refilled continuously at
/// that rate per minute. One process only — with several API processes each enforces its own share.
/// The table is bounded (`capacity` keys, least recently used dropped first): a dropped bucket would be
/// refilled by now unless it was in use, and one in use is never the least recently used.
package final class TokenBucketLimiter: Sendable {
    /// The outcome for one request, with what the `X-RateLimit-*` headers report.
    package struct Decision: Sendable, Equatable {
        package var allowed: Bool
        package var limit: Int
        package var remaining: Int
        /// Unix seconds when the bucket is full again.
        package var resetAt: Int
        /// Seconds until one token is available (for `Retry-After`), 0 when allowed.
        package var retryAfter: Int
    }

    struct Bucket {
        var tokens: Double
        var updated: Double
    }

    private let buckets: Mutex<RecentKeyTable<Bucket>>

    /// `capacity`: most buckets held at once (100,000 by default, a few MB).
    package init(capacity: Int = 100_000) {
        buckets = Mutex(RecentKeyTable(capacity: capacity))
    }

    /// Buckets held now.
    package var count: Int { buckets.withLock { $0.count } }

    /// Takes one token from the bucket `key` of `rule`, at time `now` (Unix seconds).
    package func take(_ rule: RateLimitRule, key: String, now: Double) -> Decision {
        let capacity = Double(rule.requestsPerMinute)
        let perSecond = capacity / 60
        return buckets.withLock { buckets in
            let bucketKey = rule.name + "|" + key
            var bucket = buckets[bucketKey] ?? Bucket(tokens: capacity, updated: now)
            bucket.tokens = min(capacity, bucket.tokens + max(0, now - bucket.updated) * perSecond)
            bucket.updated = now
            let allowed = bucket.tokens >= 1
            if allowed { bucket.tokens -= 1 }
            buckets[bucketKey] = bucket
            let missing = capacity - bucket.tokens
            return Decision(
                allowed: allowed, limit: rule.requestsPerMinute, remaining: max(0, Int(bucket.tokens.rounded(.down))),
                resetAt: Int((now + missing / perSecond).rounded(.up)),
                retryAfter: allowed ? 0 : max(1, Int(((1 - bucket.tokens) / perSecond).rounded(.up))))
        }
    }
}
