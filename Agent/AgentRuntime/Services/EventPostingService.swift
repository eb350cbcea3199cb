import ServiceLifecycle

/// Every 2 s drains the outbox to the backend (`EventPoster`). Offline or refused it just waits: the
/// upload workers probe the backend. A post in flight at shutdown is abandoned; its events stay in the
/// outbox and go (once, by their idempotency keys) at the next start.
struct EventPostingService: Service {
    let opener: DaemonResourcesOpener

    func run() async throws {
        let resources = try opener.resources()
        let poster = EventPoster(store: resources.store, keeper: resources.keeper, contact: resources.contact, logger: resources.logger)
        try await runPeriodically(every: .seconds(2)) {
            guard resources.contact.offlineWait() == nil, await resources.keeper.refusal == nil else { return }
            do {
                _ = try await cancelWhenGracefulShutdown { try await poster.drain() }
            } catch let error where !Task.shouldStop {
                resources.logger.notice("events not posted: \(error)")
            } catch {}
        }
    }
}
