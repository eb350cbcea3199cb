import BackendCore
import Foundation
import Testing

/// Devices and users read to confirm a token are reused for at most the cache's lifetime, and forgotten
/// at once when this process or the event bus says they changed.
@Suite("Confirmed subject cache")
struct ConfirmedSubjectCacheTests {
    static func device(_ id: UUID) -> DeviceRecord {
        DeviceRecord(
            id: id, orgId: UUID(), siteId: nil, platform: "edge", model: "Studio Box", appVersion: "1.0", publicKey: "key",
            enrollmentKeyId: nil, createdAt: Date(), lastSeenAt: nil, revokedAt: nil)
    }

    @Test("an entry is reused within its lifetime only")
    func lifetime() {
        let cache = ConfirmedSubjectCache(lifetime: .seconds(2))
        let id = UUID()
        let readAt = ContinuousClock.now
        cache.store(id, .device(Self.device(id)), readAt: readAt)
        guard case .device(let device) = cache.subject(id, now: readAt + .seconds(1)) else {
            Issue.record("expected the device within the lifetime")
            return
        }
        #expect(device.id == id)
        #expect(cache.subject(id, now: readAt + .seconds(2)) == nil)
        #expect(cache.subject(UUID(), now: readAt) == nil)
    }

    @Test("forget, directly or by an auth bus message; other messages are ignored")
    func forget() {
        let cache = ConfirmedSubjectCache(lifetime: .seconds(60))
        let (a, b) = (UUID(), UUID())
        cache.store(a, .device(Self.device(a)), readAt: .now)
        cache.store(b, .device(Self.device(b)), readAt: .now)
        cache.forget(message: "something else")
        cache.forget(message: "forget:not-a-uuid")
        #expect(cache.subject(a) != nil && cache.subject(b) != nil)
        cache.forget(message: ConfirmedSubjectCache.message(forgetting: a))
        #expect(cache.subject(a) == nil)
        cache.forget(b)
        #expect(cache.subject(b) == nil)
    }

    @Test("lifetime 0 turns the cache off; a full cache starts over")
    func offAndBounded() {
        let off = ConfirmedSubjectCache(lifetime: .zero)
        let id = UUID()
        off.store(id, .device(Self.device(id)), readAt: .now)
        #expect(off.subject(id) == nil)

        let small = ConfirmedSubjectCache(lifetime: .seconds(60), capacity: 2)
        let ids = [UUID(), UUID(), UUID()]
        for id in ids { small.store(id, .device(Self.device(id)), readAt: .now) }
        #expect(small.subject(ids[0]) == nil && small.subject(ids[1]) == nil)
        #expect(small.subject(ids[2]) != nil)
    }
}
