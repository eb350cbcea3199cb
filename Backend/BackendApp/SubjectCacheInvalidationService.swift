import BackendCore
import ServiceLifecycle

/// Makes this server forget a device or user when any process says it changed: it follows the event
/// bus's `auth` channel (PostgreSQL LISTEN/NOTIFY across processes, in-process on SQLite) and passes
/// each message to `ConfirmedSubjectCache.forget(message:)`. A missed message costs at most the
/// cache's lifetime of staleness, never more. If this follower falls so far behind that the bus cuts it
/// off, messages were missed: the cache forgets everything and the follower subscribes again.
struct SubjectCacheInvalidationService: Service {
    let bus: any EventBus
    let subjects: ConfirmedSubjectCache

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var messages = bus.subscribe(ConfirmedSubjectCache.channel)
            while !Task.isCancelled {
                for await message in messages { subjects.forget(message: message) }
                guard messages.wasCutOff else { return }
                // Subscribe again before forgetting, so nothing published in between is missed.
                messages = bus.subscribe(ConfirmedSubjectCache.channel)
                subjects.forgetAll()
            }
        }
    }
}
