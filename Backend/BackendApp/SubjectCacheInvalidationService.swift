import BackendCore
import ServiceLifecycle

/// Makes this server forget a device or user when any process says it changed: it follows the event
/// bus's `auth` channel (PostgreSQL LISTEN/NOTIFY across processes, in-process on SQLite) and passes
/// each message to `ConfirmedSubjectCache.forget(message:)`. A missed message costs at most the
/// cache's lifetime of staleness, never more.
struct SubjectCacheInvalidationService: Service {
    let bus: any EventBus
    let subjects: ConfirmedSubjectCache

    func run() async throws {
        let messages = bus.subscribe(ConfirmedSubjectCache.channel)
        await cancelWhenGracefulShutdown {
            for await message in messages { subjects.forget(message: message) }
        }
    }
}
