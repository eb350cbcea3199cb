import AgentCore
import Logging
import ServiceLifecycle

/// Builds `relay-agent run`: every long-lived part of the daemon as a `Service` in one `ServiceGroup`,
/// in dependency order. Building does no I/O; the first service to run opens what they share
/// (`DaemonResourcesOpener`), so a missing enrollment or watch folder fails `run()` with an
/// `AgentStartupError`.
///
/// SIGTERM and SIGINT shut the group down gracefully, in reverse order: intake stops taking files, the
/// QC and upload workers let a step in flight finish or set it aside (`QueueWorkerService`), the
/// outbox, heartbeat, status and token services stop, and the queue database is closed last.
package func buildServiceGroup(configuration: AgentConfiguration, logger: Logger) -> ServiceGroup {
    let opener = DaemonResourcesOpener(configuration: configuration, logger: logger)
    var services: [any Service] = [
        QueueStoreService(opener: opener),
        TokenKeepingService(opener: opener),
        StatusService(opener: opener),
        ClockStepService(opener: opener),
        HeartbeatService(opener: opener),
        EventPostingService(opener: opener),
        RetentionService(opener: opener),
    ]
    if let hours = configuration.deleteOriginalsAfterHours {
        services.append(OriginalsService(opener: opener, afterHours: hours))
    }
    services += [
        QueueWorkerService.uploads(opener, count: configuration.concurrency),
        QueueWorkerService.qc(opener),
        IntakeService(opener: opener),
        StoppingNoticeService(logger: logger),
    ]
    var group = ServiceGroupConfiguration(
        services: services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
    // A step in flight gets 2 s (`QueueWorkerService.grace`); whatever still runs after this is cancelled.
    group.maximumGracefulShutdownDuration = .seconds(4)
    return ServiceGroup(configuration: group)
}
