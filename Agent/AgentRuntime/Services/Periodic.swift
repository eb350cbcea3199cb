import AsyncAlgorithms
import ServiceLifecycle

/// The timer loops of the daemon's services: `body` runs at once and then every `interval` (measured
/// start to start; a run that takes longer is followed by the next at once) until graceful shutdown.
func runPeriodically(every interval: Duration, _ body: () async -> Void) async throws {
    guard !Task.isShuttingDownGracefully else { return }
    await body()
    for try await _ in AsyncTimerSequence(interval: interval, clock: .continuous).cancelOnGracefulShutdown() {
        await body()
    }
}

/// Waits `duration`, or less when graceful shutdown begins (or the task is cancelled) meanwhile.
func pause(for duration: Duration) async {
    try? await cancelWhenGracefulShutdown { try await Task.sleep(for: duration) }
}

extension Task where Success == Never, Failure == Never {
    /// True once the service should stop: graceful shutdown has begun or the task is cancelled.
    static var shouldStop: Bool { Task.isShuttingDownGracefully || Task.isCancelled }
}
