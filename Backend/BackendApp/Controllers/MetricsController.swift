import BackendCore
import Hummingbird
import NIOCore
import Prometheus

/// `GET /metrics`: Prometheus text exposition of every metric recorded through swift-metrics, plus
/// job-queue depth by state, read fresh on each scrape.
struct MetricsController {
    let registry: PrometheusCollectorRegistry
    let jobQueue: any JobQueue

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/metrics") { _, context in
            do {
                let counts = try await jobQueue.counts()
                for state in Job.State.allCases {
                    registry.makeGauge(name: "relay_jobs", labels: [("state", state.rawValue)]).set(Double(counts[state] ?? 0))
                }
            } catch {
                context.logger.warning("job counts unavailable for /metrics", metadata: ["error": "\(error)"])
            }
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
        }
    }
}
