import BackendCore
import Foundation
import Testing

/// Tokens already verified are remembered by their text, but never past their expiry or their key.
@Suite("Verified token cache")
struct VerifiedTokenCacheTests {
    static func identity() -> Identity {
        Identity(subject: UUID(), orgId: UUID(), role: .device, siteIds: [], tokenId: UUID().uuidString, expiresAt: Date())
    }

    @Test("a verified token is found until it expires (within the leeway), and only by its exact text")
    func expiry() {
        var cache = VerifiedTokenCache()
        let now = Date()
        let identity = Self.identity()
        cache.insert("token-a", .init(identity: identity, expiresAt: now.addingTimeInterval(60), kid: "k1"), now: now)
        #expect(cache.identity(for: "token-a", now: now, leeway: 30)?.subject == identity.subject)
        #expect(cache.identity(for: "token-a ", now: now, leeway: 30) == nil)
        #expect(cache.identity(for: "token-b", now: now, leeway: 30) == nil)
        #expect(cache.identity(for: "token-a", now: now.addingTimeInterval(80), leeway: 30) != nil, "inside the leeway")
        #expect(cache.identity(for: "token-a", now: now.addingTimeInterval(91), leeway: 30) == nil, "expired beyond the leeway")
    }

    @Test("a key reload drops tokens of keys that are gone")
    func keys() {
        var cache = VerifiedTokenCache()
        let now = Date()
        cache.insert("old", .init(identity: Self.identity(), expiresAt: now.addingTimeInterval(60), kid: "k1"), now: now)
        cache.insert("new", .init(identity: Self.identity(), expiresAt: now.addingTimeInterval(60), kid: "k2"), now: now)
        cache.forgetKeys(except: ["k2"])
        #expect(cache.identity(for: "old", now: now, leeway: 0) == nil)
        #expect(cache.identity(for: "new", now: now, leeway: 0) != nil)
    }

    @Test("bounded: a full cache drops expired entries first, else everything")
    func capacity() {
        var cache = VerifiedTokenCache(capacity: 3)
        let now = Date()
        cache.insert("expired", .init(identity: Self.identity(), expiresAt: now.addingTimeInterval(-1), kid: "k"), now: now)
        cache.insert("a", .init(identity: Self.identity(), expiresAt: now.addingTimeInterval(60), kid: "k"), now: now)
        cache.insert("b", .init(identity: Self.identity(), expiresAt: now.addingTimeInterval(60), kid: "k"), now: now)
        cache.insert("c", .init(identity: Self.identity(), expiresAt: now.addingTimeInterval(60), kid: "k"), now: now)
        #expect(cache.count == 3)
        #expect(cache.identity(for: "a", now: now, leeway: 0) != nil, "only the expired entry made room")
        cache.insert("d", .init(identity: Self.identity(), expiresAt: now.addingTimeInterval(60), kid: "k"), now: now)
        #expect(cache.count == 1)
        #expect(cache.identity(for: "d", now: now, leeway: 0) != nil)
    }
}
