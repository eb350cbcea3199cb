import BackendCore
import Logging
import Metrics
import Prometheus

/// Process-wide logging and metrics set-up; called once at the start of a subcommand.
enum Bootstrap {
    static func run(_ configuration: BackendConfiguration) -> (Logger, PrometheusCollectorRegistry) {
        let format = StructuredLogHandler.Format(rawValue: configuration.logFormat) ?? .logfmt
        let level = configuration.logLevel
        LoggingSystem.bootstrap { label in StructuredLogHandler(label: label, level: level, format: format) }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return (Logger(label: "relay-backend"), registry)
    }
}
