import ServiceLifecycle

/// Refreshes the device's token before it expires even while nothing is uploaded, so the first step
/// after a quiet spell does not wait for a refresh. Steps still refresh on their own when due, and once
/// on a 401 (`TokenKeeper`).
struct TokenKeepingService: Service {
    let opener: DaemonResourcesOpener
    /// How often the token's expiry is looked at.
    let period: Duration = .seconds(60)

    func run() async throws {
        let resources = try opener.resources()
        try await runPeriodically(every: period) {
            // Offline: the upload workers probe the backend. A refusal (the workers pause meanwhile) and a
            // clock problem are retried here on the keeper's schedule.
            guard resources.contact.offlineWait() == nil else { return }
            do {
                try await cancelWhenGracefulShutdown { try await resources.keeper.refreshIfDue() }
            } catch let error where !Task.shouldStop {
                resources.logger.notice("token not refreshed: \(error)")
            } catch {}
        }
    }
}
