import Foundation
import Synchronization

/// The local status page's content (`relay-agent status --serve`): `/` is the `status --watch` view as
/// HTML that reloads itself (no script), `/status.json` is `status --json`, `/status.css` its style.
/// Upload rates are measured across requests, as `--watch` measures them across refreshes.
final class StatusPage: Sendable {
    struct Answer: Equatable {
        var status: Int
        var contentType: String
        var body: String
    }

    let refreshSeconds: Double
    let read: @Sendable () throws -> StatusReport
    private let rates = Mutex(TransferRates())

    init(refreshSeconds: Double, read: @escaping @Sendable () throws -> StatusReport) {
        self.refreshSeconds = refreshSeconds
        self.read = read
    }

    static let style = """
        body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #111; background: #fff; }
        pre { font-size: 0.95rem; white-space: pre-wrap; overflow-wrap: anywhere; }
        a { color: #0645ad; }
        """

    /// The answer for a GET of `path` (without its query); nil for a path the page does not have.
    func answer(path: String, now: Date = Date()) -> Answer? {
        switch path {
        case "/status.css":
            return Answer(status: 200, contentType: "text/css; charset=utf-8", body: Self.style)
        case "/status.json":
            do {
                return Answer(status: 200, contentType: "application/json", body: String(decoding: try jsonEncoder.encode(try read()), as: UTF8.self))
            } catch {
                return Answer(status: 503, contentType: "application/json", body: #"{"error":"\#(Self.jsonEscaped("\(error)"))"}"#)
            }
        case "/":
            let body: String
            let status: Int
            do {
                let report = try read()
                body = rates.withLock { StatusFrame.text(report, rates: &$0, at: now) }
                status = 200
            } catch {
                body = "The queue cannot be read: \(error)"
                status = 503
            }
            return Answer(status: status, contentType: "text/html; charset=utf-8", body: html(body, at: now))
        default:
            return nil
        }
    }

    func html(_ text: String, at now: Date) -> String {
        let refresh = max(1, Int(refreshSeconds.rounded()))
        return """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="refresh" content="\(refresh)">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>relay-agent status</title>
            <link rel="stylesheet" href="/status.css">
            </head>
            <body>
            <main>
            <h1>relay-agent status</h1>
            <p>As of \(ISO8601DateFormatter().string(from: now)); reloads every \(refresh) s. <a href="/status.json">The same as JSON</a>.</p>
            <pre>\(Self.escaped(text))</pre>
            </main>
            </body>
            </html>

            """
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func jsonEscaped(_ text: String) -> String {
        let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
        return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
    }
}
