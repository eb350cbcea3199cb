import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import RelayAPI
import Testing
import TestSupport

/// Issue 19, the operator's local page: `relay-agent status --serve` shows what `status` shows, as a page
/// that reloads itself and as JSON, on loopback only, to a Host naming this box only.
extension AgentRunTests {
    @Test("status --serve: the page holds the status text, /status.json the status JSON; loopback only; bad Host 403, POST 405, unknown path 404")
    func statusPage() async throws {
        let port = freeLoopbackPort()
        try await TestApp.with("sqlite", extra: try Self.configuration(port: port)) { services, router in
            let (world, key, orgId) = try await AgentWorld.make(services: services, port: port)
            defer { try? FileManager.default.removeItem(at: world.root) }
            try await TestApp.serve(router, port: port) { _ in try await world.enroll(orgId: orgId, key: key) }
            // Queued while the backend is away: the page has something to show.
            _ = try await world.queueOffline(2, prefix: "P", seed: 9970, folder: "STK-1200")

            for address in [
                "0.0.0.0:8765", "192.168.1.10:8765", "example.com:80", "127.0.0.1", "[::1]8765", "127.0.0.1:65536", "127.0.0.1:+80",
                "127.08.0.1:80", "127.+1.0.1:80", "127.1:80", "127.0.0.1.:80", "::1:80",
            ] {
                let refused = try await AgentEnrollTests.agent(["status", "--serve", address, "--config", world.config.path])
                #expect(refused.status != 0 && refused.stderr.contains("loopback"), "\(address): \(refused)")
            }
            let both = try await AgentEnrollTests.agent(["status", "--serve", "127.0.0.1:0", "--json", "--config", world.config.path])
            #expect(both.status != 0, "\(both)")

            let output = world.root.appendingPathComponent("status-page.out")
            FileManager.default.createFile(atPath: output.path, contents: nil)
            let server = Process()
            server.executableURL = AgentQCCommandTests.executable
            server.arguments = ["status", "--serve", "127.0.0.1:0", "--interval", "3", "--config", world.config.path]
            server.standardOutput = try FileHandle(forWritingTo: output)
            server.standardError = FileHandle.nullDevice
            try server.run()
            defer { server.stop() }
            var base: String?
            let deadline = Date().addingTimeInterval(30)
            while base == nil, Date() < deadline {
                let line = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
                base = line.split(separator: " ").first { $0.hasPrefix("http://127.0.0.1:") }.map { String($0.dropLast()) }
                if base == nil { try await Task.sleep(for: .milliseconds(100)) }
            }
            let root = try #require(base, "no address printed: \((try? String(contentsOf: output, encoding: .utf8)) ?? "")")
            let hostPort = String(root.dropFirst("http://".count))

            let page = try await Self.fetch(root + "/")
            #expect(page.status == 200)
            #expect(page.headers["content-type"]?.hasPrefix("text/html") == true)
            #expect(page.headers["content-security-policy"]?.contains("default-src 'none'") == true, "\(page.headers)")
            #expect(page.body.contains(#"<meta http-equiv="refresh" content="3">"#))
            let status = try await AgentEnrollTests.agent(["status", "--config", world.config.path])
            // Line by line the same, but for the database's size: SQLite folds its write-ahead log back when
            // the last reader closes, so it differs between two readings.
            func lines(_ text: String?) -> [Substring] { (text ?? "").split(separator: "\n").filter { !$0.hasPrefix("queue database:") } }
            #expect(lines(Self.preformatted(page.body)) == lines(status.stdout) && lines(status.stdout).count > 5, "\(page.body)\n---\n\(status.stdout)")

            let json = try await Self.fetch(root + "/status.json")
            #expect(json.status == 200 && json.headers["content-type"] == "application/json")
            let served = try JSONDecoder().decode([String: JSONValue].self, from: Data(json.body.utf8))
            let cli = try await world.status()
            #expect(served["queue"] == cli["queue"] && served["queue"] != nil, "\(json.body)")
            #expect(served["device_id"] == cli["device_id"])

            #expect(try await Self.fetch(root + "/status.css").headers["content-type"]?.hasPrefix("text/css") == true)
            #expect(try await Self.fetch(root + "/../etc/passwd").status == 404)
            #expect(try await Self.fetch(root + "/admin").status == 404)
            let post = try await Self.fetch(root + "/", method: .POST)
            #expect(post.status == 405 && post.headers["allow"] == "GET, HEAD")
            // DNS rebinding: a page elsewhere that resolves its own name to 127.0.0.1 sends its own Host.
            #expect(try await Self.fetch(root + "/", host: "attacker.example:\(hostPort.split(separator: ":").last ?? "")").status == 403)
            #expect(try await Self.fetch(root + "/status.json", host: "attacker.example").status == 403)
            let head = try await Self.fetch(root + "/", method: .HEAD)
            #expect(head.status == 200 && head.body.isEmpty)
            #expect(server.isRunning, "the server lives on after every refusal")
            #expect(try await Self.fetch(root + "/").status == 200)
        }
    }

    static func fetch(_ url: String, method: HTTPMethod = .GET, host: String? = nil) async throws -> (status: Int, headers: [String: String], body: String) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let host { request.headers.replaceOrAdd(name: "Host", value: host) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        var headers: [String: String] = [:]
        for (name, value) in response.headers { headers[name.lowercased()] = value }
        return (Int(response.status.code), headers, String(buffer: body))
    }

    /// The page's `<pre>` text, unescaped.
    static func preformatted(_ html: String) -> String? {
        guard let start = html.range(of: "<pre>"), let end = html.range(of: "</pre>", range: start.upperBound..<html.endIndex) else { return nil }
        return String(html[start.upperBound..<end.lowerBound]).replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    }
}
