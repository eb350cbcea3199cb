import Foundation
import Synchronization

/// The devices and users `AuthService.confirm` has read recently, so a client sending requests back to
/// back does not cost a database read per request to learn that its device is still not revoked.
///
/// How stale an entry may be is bounded by `lifetime` (`auth_subject_cache_seconds`, default 2; 0 turns
/// the cache off): a change made where this process cannot see it — another process's revocation, the
/// `relay-backend admin` CLI, an edit by hand — takes effect within that time. A change this process
/// makes or is told about takes effect at once: `forget(_:)` is called by `AuthService.revokeDevice`
/// and for every `auth` message on the event bus (which PostgreSQL carries to every process).
/// Bounded: at `capacity` entries the cache is emptied (it refills with what is in use).
package final class ConfirmedSubjectCache: Sendable {
    package enum Subject: Sendable {
        case device(DeviceRecord)
        case user(UserRecord)
    }

    struct Entry {
        var subject: Subject
        var readAt: ContinuousClock.Instant
    }

    package let lifetime: Duration
    package let capacity: Int
    private let entries = Mutex<[UUID: Entry]>([:])

    package init(lifetime: Duration = .seconds(2), capacity: Int = 50_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The subject read within `lifetime`, if any.
    package func subject(_ id: UUID, now: ContinuousClock.Instant = .now) -> Subject? {
        guard lifetime > .zero else { return nil }
        return entries.withLock { entries in
            guard let entry = entries[id], now - entry.readAt < lifetime else { return nil }
            return entry.subject
        }
    }

    package func store(_ id: UUID, _ subject: Subject, readAt: ContinuousClock.Instant) {
        guard lifetime > .zero else { return }
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[id] = Entry(subject: subject, readAt: readAt)
        }
    }

    /// Drops what is known of `id`: its next request reads the database.
    package func forget(_ id: UUID) {
        _ = entries.withLock { $0.removeValue(forKey: id) }
    }

    /// Drops everything: every subject's next request reads the database (after `auth` messages were missed).
    package func forgetAll() {
        entries.withLock { $0.removeAll() }
    }

    /// The `auth` event-bus message that makes every process forget `id` (`forget(message:)`).
    package static func message(forgetting id: UUID) -> String { "forget:" + id.uuidString.lowercased() }

    /// Handles an `auth` event-bus message; others are ignored.
    package func forget(message: String) {
        guard message.hasPrefix("forget:"), let id = UUID(uuidString: String(message.dropFirst(7))) else { return }
        forget(id)
    }

    /// The event-bus channel of `message(forgetting:)`.
    package static let channel = "auth"
}
