import AgentCore
import Logging
import ServiceLifecycle

/// Last in the daemon's group, so the first to hear of a graceful shutdown (SIGTERM, SIGINT): says so in
/// the log and tells systemd `STOPPING=1` while the other services stop in reverse order.
struct StoppingNoticeService: Service {
    let logger: Logger

    func run() async throws {
        do {
            try await gracefulShutdown()
        } catch {
            return  // cancelled: the group failed, nothing is stopping gracefully
        }
        logger.info("stopping: in-flight steps finish or are set aside for the next start")
        SystemdNotifier().stopping()
    }
}
