import Logging
import Synchronization

/// Keeps every log line (message and metadata) in memory, at trace level, so a test can assert what was
/// — and was not — logged.
package final class LogRecorder: Sendable {
    private let lines = Mutex<[String]>([])

    package init() {}

    package func append(_ line: String) { lines.withLock { $0.append(line) } }

    package var all: [String] { lines.withLock { $0 } }

    /// A logger writing here.
    package func logger(label: String = "recorded") -> Logger {
        var logger = Logger(label: label) { label in RecordingLogHandler(label: label, recorder: self) }
        logger.logLevel = .trace
        return logger
    }
}

/// A `LogHandler` feeding a `LogRecorder`.
package struct RecordingLogHandler: LogHandler {
    package var metadata: Logger.Metadata = [:]
    package var logLevel: Logger.Level = .trace
    let label: String
    let recorder: LogRecorder

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        recorder.append("\(event.level) \(label) \(event.message) \(merged.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: " "))")
    }
}
