import Foundation
import Synchronization

/// Capture sessions that were active when this process last read them, so a studio presigning photo
/// after photo into one session does not cost a session read per photo.
///
/// What is used from an entry never changes after the session is created (its org, site, vehicle, mode
/// and shot list), and what does change — its status — is not trusted from here: the presign's own
/// insert checks in the same statement that the session is still active (`insertPresigned`), and a
/// presign it refuses drops the entry. So no invalidation is needed, across processes either.
/// Bounded: at `capacity` entries the cache is emptied (it refills with the sessions in use).
package final class ActiveSessionCache: Sendable {
    package let capacity: Int
    private let sessions = Mutex<[UUID: CaptureSessionRecord]>([:])

    package init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    package func session(_ id: UUID) -> CaptureSessionRecord? {
        sessions.withLock { $0[id] }
    }

    /// Keeps `session` if it is active; forgets it otherwise.
    package func store(_ session: CaptureSessionRecord) {
        sessions.withLock { sessions in
            guard session.status == .active else {
                sessions[session.id] = nil
                return
            }
            if sessions.count >= capacity, sessions[session.id] == nil { sessions.removeAll(keepingCapacity: true) }
            sessions[session.id] = session
        }
    }

    package func forget(_ id: UUID) {
        _ = sessions.withLock { $0.removeValue(forKey: id) }
    }
}
