import Foundation
import Logging

/// Writes one line per log event to stderr: `logfmt` (`ts=… level=info msg="…" key=value`) or JSON.
/// Metadata is written as given; nothing in this codebase puts credentials in metadata (headers are never
/// logged), so no redaction pass is needed here.
package struct StructuredLogHandler: LogHandler {
    package enum Format: String, Sendable { case logfmt, json }

    package var metadata: Logger.Metadata = [:]
    package var logLevel: Logger.Level
    let label: String
    let format: Format

    package init(label: String, level: Logger.Level, format: Format) {
        self.label = label
        self.logLevel = level
        self.format = format
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        let timestamp = Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true))
        let line: String
        switch format {
        case .logfmt:
            var parts = ["ts=\(timestamp)", "level=\(event.level.rawValue)", "logger=\(label)", "msg=\(Self.quote(event.message.description))"]
            for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
                parts.append("\(key)=\(Self.quote(value.description))")
            }
            line = parts.joined(separator: " ")
        case .json:
            var object: [String: String] = ["ts": timestamp, "level": event.level.rawValue, "logger": label, "msg": event.message.description]
            for (key, value) in merged { object[key] = value.description }
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
            line = String(decoding: data, as: UTF8.self)
        }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Quotes a logfmt value when it has spaces, quotes, `=` or control characters.
    static func quote(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.contains { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline }
        guard needsQuotes else { return value }
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
        return "\"\(escaped)\""
    }
}
