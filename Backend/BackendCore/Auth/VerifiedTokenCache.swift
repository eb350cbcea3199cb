import Foundation

/// Access tokens whose signature this process has already checked, by their exact text, so a client
/// that sends the same token on every request pays for one ES256 verification, not one per request.
///
/// Safe because a token's bytes fix everything the signature vouches for: the same text verifies the
/// same way every time. What can change with time is re-checked on every hit — expiry (against the
/// caller's clock and leeway) and whether the signing key is still trusted (`forgetKeys(except:)` on
/// every key reload drops tokens of keys that are gone). Whether the device or user still exists, is
/// revoked or has another role is not a property of the token and is checked per request elsewhere.
/// Bounded: at `capacity` entries, expired ones are dropped, and if none were, the whole cache is.
package struct VerifiedTokenCache {
    package struct Entry {
        package var identity: Identity
        package var expiresAt: Date
        package var kid: String

        package init(identity: Identity, expiresAt: Date, kid: String) {
            self.identity = identity
            self.expiresAt = expiresAt
            self.kid = kid
        }
    }

    package let capacity: Int
    private var entries: [String: Entry] = [:]

    package init(capacity: Int = 20_000) {
        self.capacity = capacity
    }

    package var count: Int { entries.count }

    /// The identity of an already verified `token`, if it has not expired (beyond `leeway`) at `now`.
    package func identity(for token: String, now: Date, leeway: TimeInterval) -> Identity? {
        guard let entry = entries[token], entry.expiresAt.timeIntervalSince(now) > -leeway else { return nil }
        return entry.identity
    }

    package mutating func insert(_ token: String, _ entry: Entry, now: Date) {
        if entries.count >= capacity {
            entries = entries.filter { $0.value.expiresAt > now }
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
        }
        entries[token] = entry
    }

    /// Drops tokens signed by keys other than `kids` (a key removed or aged out on reload).
    package mutating func forgetKeys(except kids: Set<String>) {
        entries = entries.filter { kids.contains($0.value.kid) }
    }
}
