import Foundation
import RelayAPI
import Synchronization

/// Limits what one target account can be asked, whoever asks: attempts per minute per account (a login
/// email, a refresh-token family), and after `freeFailures` failed passwords in a row a wait that doubles
/// with each further failure (`ExponentialBackoff.login`: 1, 2, 4 … s up to 15 min). It is checked before
/// any password hashing, so guessing costs the server nothing past the limit. A successful login clears
/// the account's failures. In-process, like `TokenBucketLimiter`; both tables are bounded.
package final class LoginThrottle: Sendable {
    struct Failures {
        var count: Int
        var blockedUntil: Double
    }

    let rule: RateLimitRule
    let freeFailures: Int
    let backoff: ExponentialBackoff
    private let attempts: TokenBucketLimiter
    private let failures: Mutex<RecentKeyTable<Failures>>

    package init(rule: RateLimitRule, freeFailures: Int = 5, backoff: ExponentialBackoff = .login, capacity: Int = 100_000) {
        self.rule = rule
        self.freeFailures = freeFailures
        self.backoff = backoff
        attempts = TokenBucketLimiter(capacity: capacity)
        failures = Mutex(RecentKeyTable(capacity: capacity))
    }

    /// Takes one attempt for `account`; 429 `RATE_LIMITED` while it is over its rate or backing off.
    package func admit(_ account: String, now: Date = Date()) throws {
        let time = now.timeIntervalSince1970
        if let blocked = failures.withLock({ $0[account]?.blockedUntil }), blocked > time {
            let wait = Int((blocked - time).rounded(.up))
            throw AppError.rateLimited(
                "too many failed attempts for this account; try again in \(wait) s", limit: rule.requestsPerMinute, retryAfter: wait)
        }
        guard rule.requestsPerMinute > 0 else { return }
        let decision = attempts.take(rule, key: account, now: time)
        guard decision.allowed else {
            throw AppError.rateLimited(
                "more than \(rule.requestsPerMinute) attempts per minute for this account", limit: rule.requestsPerMinute,
                retryAfter: decision.retryAfter)
        }
    }

    /// Records a failed attempt; from the `freeFailures + 1`th on, the account waits 1, 2, 4 … s.
    package func failed(_ account: String, now: Date = Date()) {
        let time = now.timeIntervalSince1970
        failures.withLock { table in
            var entry = table[account] ?? Failures(count: 0, blockedUntil: 0)
            entry.count += 1
            let over = entry.count - freeFailures
            if over > 0 { entry.blockedUntil = time + backoff.delay(attempt: over, jitter: 1).timeInterval }
            table[account] = entry
        }
    }

    /// Clears the account's failures.
    package func succeeded(_ account: String) {
        failures.withLock { $0[account] = nil }
    }
}
