import AsyncHTTPClient
import BackendApp
import BackendCore
import Crypto
import Foundation
import NIOCore
import Testing
import TestSupport

/// Seed 002's batches on a live server: a 20-row CSV with two bad rows is refused whole (line and column
/// named, nothing stored), the corrected one runs with `parallel_jobs: 2`, the signed webhook arrives
/// (after one refused delivery), and the reports download.
@Suite("Audio sync analyzer batches end to end", .serialized)
struct AnalyzerBatchEndToEndTests {
    /// A webhook receiver on loopback: answers the first delivery with a redirect (which must not be
    /// followed: it counts as a failed delivery), 200 after; appends each request (path, headers, body) as
    /// a JSON line to `log`.
    static func startReceiver(log: URL) async throws -> (Process, Int) {
        let portFile = log.deletingLastPathComponent().appendingPathComponent("receiver.port")
        let script = """
            import http.server, json, os, signal, sys
            signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM]); signal.signal(signal.SIGTERM, signal.SIG_DFL)
            count = [0]
            class H(http.server.BaseHTTPRequestHandler):
                def do_POST(self):
                    body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                    count[0] += 1
                    with open(sys.argv[1], "a") as f:
                        f.write(json.dumps({"path": self.path, "headers": dict(self.headers), "body": body.decode()}) + "\\n")
                    if count[0] == 1:
                        self.send_response(302); self.send_header("Location", "/redirected"); self.send_header("Content-Length", "0"); self.end_headers()
                    else:
                        self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
                do_GET = do_POST
                def log_message(self, *a): pass
            s = http.server.HTTPServer(("127.0.0.1", 0), H)
            open(sys.argv[2] + ".tmp", "w").write(str(s.server_address[1])); os.rename(sys.argv[2] + ".tmp", sys.argv[2])
            s.serve_forever()
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, log.path, portFile.path]
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning, Date() < deadline {
            if let port = (try? String(contentsOf: portFile, encoding: .utf8)).flatMap({ Int($0) }) { return (process, port) }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.stop(grace: .seconds(2))
        throw MissingTestService("the webhook receiver did not start")
    }

    static func uploadCSV(_ client: MulticamClient, _ csv: String, description: String) async throws -> (status: Int, object: [String: Any]) {
        try await client.postMultipart(
            "/api/v1/analysis/batch/upload-csv", fields: ["description": description], fileName: "batch.csv", fileBytes: Data(csv.utf8),
            contentType: "text/csv")
    }

    static func download(_ client: MulticamClient, _ path: String) async throws -> (status: Int, type: String, body: String) {
        var request = HTTPClientRequest(url: client.base + path)
        request.headers.add(name: "Authorization", value: "Bearer \(client.token)")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 16 << 20)
        return (Int(response.status.code), response.headers.first(name: "Content-Type") ?? "", String(buffer: body))
    }

    /// On PostgreSQL with SeaweedFS when they run here (the plots and waveforms of the HTML report are in
    /// the blob store), else SQLite and local disk.
    static var world: (database: String, store: String) {
        (TestEnvironment.databaseKinds.contains("postgres") ? "postgres" : "sqlite", CaptureEndToEndTests.s3Available ? "s3" : "local")
    }

    @Test("20-row CSV: two bad rows refuse it whole; corrected, it runs 2 at a time; webhook signed and retried; reports")
    func batch() async throws {
        let root = try TestEnvironment.temporaryDirectory("analyzer-batch")
        defer { try? FileManager.default.removeItem(at: root) }
        let truth = try await AnalyzerEndToEndTests.makeRoot(root, offset: 3.217)
        let receiverLog = root.appendingPathComponent("webhook.log")
        let (receiver, receiverPort) = try await Self.startReceiver(log: receiverLog)
        defer { receiver.stop(grace: .seconds(2)) }
        let extra = ["analyzer_media_roots": root.path, "analyzer_webhook_allow_private": "true"]
        try await TwoOrgServer.run(Self.world.store, extra: extra, database: Self.world.database) { server in
            let client = MulticamClient(base: server.base, token: server.tokenA)
            let other = MulticamClient(base: server.base, token: server.tokenB)
            func rows(bad: Bool) -> String {
                var lines = ["master_file,dub_file,methods,ai_model,description,tags"]
                for index in 0..<20 {
                    let swap = index % 2 == 1
                    var master = swap ? "programme/dub.wav" : "programme/master.wav"
                    var methods = index % 5 == 0 ? "\"spectral,onset\"" : "spectral"
                    if bad, index == 6 { master = "programme/missing.wav" }
                    if bad, index == 13 { methods = "\"spectral,ai\"" }
                    let dub = swap ? "programme/master.wav" : "programme/dub.wav"
                    lines.append("\(master),\(dub),\(methods),,\"Reel \(index + 1), take \(index % 3)\",\"daily,batch\"")
                }
                return lines.joined(separator: "\r\n") + "\r\n"
            }
            let refused = try await Self.uploadCSV(client, rows(bad: true), description: "Daily sync batch")
            #expect(refused.status == 400 && refused.object["error_code"] as? String == "INVALID_CSV_FORMAT", "\(refused.object)")
            let details = (refused.object["error"] as? [String: Any])?["details"] as? [String: Any]
            #expect(details?["line"] as? Int == 8 && details?["column"] as? String == "master_file", "the first bad row: \(refused.object)")
            let malformed = try await Self.uploadCSV(client, "master_file,dub_file\n\"programme/master.wav,programme/dub.wav\n", description: "")
            #expect(malformed.status == 400 && malformed.object["error_code"] as? String == "INVALID_CSV_FORMAT")
            #expect(try await client.call(.GET, "/v1/analysis").object["total"] as? Int == 0, "nothing was queued")

            let uploaded = try await Self.uploadCSV(client, rows(bad: false), description: "Daily <script>alert(1)</script> batch")
            #expect(uploaded.status == 201, "\(uploaded.object)")
            let batchId = try #require(uploaded.object["batch_id"] as? String)
            #expect(uploaded.object["status"] as? String == "uploaded" && uploaded.object["items_total"] as? Int == 20)
            let firstItem = try #require((uploaded.object["items_details"] as? [[String: Any]])?.first)
            #expect(firstItem["item_id"] as? String == "item_001" && firstItem["methods"] as? [String] == ["spectral", "onset"])
            #expect(firstItem["description"] as? String == "Reel 1, take 0" && firstItem["tags"] as? [String] == ["daily", "batch"])
            #expect(try await other.call(.GET, "/v1/analysis/batch/\(batchId)/status").status == 404)

            let badStart = try await client.call(.POST, "/v1/analysis/batch/\(batchId)/start", json: ["parallel_jobs": 9])
            #expect(badStart.status == 400)
            let started = try await client.call(.POST, "/v1/analysis/batch/\(batchId)/start", json: [
                "parallel_jobs": 2, "priority": "high", "notification_webhook": "http://127.0.0.1:\(receiverPort)/hook",
            ])
            #expect(started.status == 200 && started.object["status"] as? String == "processing", "\(started.object)")
            let secret = try #require(started.object["webhook_secret"] as? String)
            #expect(try await client.call(.POST, "/v1/analysis/batch/\(batchId)/start", json: [:]).object["error_code"] as? String == "BATCH_STATE_CONFLICT")

            var busiest = 0
            var final: [String: Any] = [:]
            let deadline = ContinuousClock.now + .seconds(300)
            while ContinuousClock.now < deadline {
                let status = try await client.call(.GET, "/api/v1/analysis/batch/\(batchId)/status")
                let items = status.object["items_details"] as? [[String: Any]] ?? []
                busiest = max(busiest, items.filter { $0["analysis_id"] is String && ["queued", "processing"].contains($0["status"] as? String) }.count)
                if status.object["status"] as? String != "processing" {
                    final = status.object
                    break
                }
                try await Task.sleep(for: .milliseconds(150))
            }
            #expect(final["status"] as? String == "completed", "\(final)")
            #expect(final["items_completed"] as? Int == 20 && final["progress"] as? Double == 100)
            #expect(busiest >= 1 && busiest <= 2, "at most parallel_jobs analyses at once: \(busiest)")
            let items = try #require(final["items_details"] as? [[String: Any]])
            for (index, item) in items.enumerated() {
                let offset = (item["result"] as? [String: Any])?["offset_seconds"] as? Double ?? 99
                let expected = index % 2 == 1 ? -truth : truth
                #expect(abs(offset - expected) < 0.001, "item \(index + 1): \(offset) against \(expected)")
            }
            let registry = try await client.call(.GET, "/v1/analysis?limit=100")
            #expect((registry.object["analyses"] as? [[String: Any]])?.filter { $0["source"] as? String == "batch" }.count == 20)

            // The webhook: redirected once (not followed, a failed delivery), delivered on the retry, signed.
            let webhookDeadline = ContinuousClock.now + .seconds(60)
            var deliveries: [[String: Any]] = []
            while ContinuousClock.now < webhookDeadline {
                deliveries = ((try? String(contentsOf: receiverLog, encoding: .utf8)) ?? "").split(separator: "\n").compactMap {
                    (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
                }
                if deliveries.count >= 2 { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect(deliveries.compactMap { $0["path"] as? String } == ["/hook", "/hook"], "the redirect is not followed; the retry lands: \(deliveries)")
            for delivery in deliveries {
                let headers = (delivery["headers"] as? [String: String] ?? [:]).reduce(into: [String: String]()) { $0[$1.key.lowercased()] = $1.value }
                let body = try #require(delivery["body"] as? String)
                let mac = HMAC<SHA256>.authenticationCode(for: Data(body.utf8), using: SymmetricKey(data: Data(secret.utf8)))
                #expect(headers["x-relay-signature"] == "sha256=" + mac.map { String(format: "%02x", $0) }.joined())
                let payload = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
                #expect(payload["batch_id"] as? String == batchId && payload["status"] as? String == "completed" && payload["items_completed"] as? Int == 20)
            }
            // The state is written right after the receiver's 200.
            var state: String?
            let stateBy = ContinuousClock.now + .seconds(30)
            while state != "delivered", ContinuousClock.now < stateBy {
                state = try await client.call(.GET, "/v1/analysis/batch/\(batchId)/status").object["webhook_state"] as? String
                if state != "delivered" { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(state == "delivered")

            // Results and reports.
            let results = try await client.call(.GET, "/v1/analysis/batch/\(batchId)/results")
            let summary = try #require(results.object["summary"] as? [String: Any])
            #expect(summary["items_completed"] as? Int == 20 && (summary["average_confidence"] as? Double ?? 0) > 0.8)
            let json = try await Self.download(client, "/v1/reports/\(batchId).json")
            #expect(json.status == 200 && json.type.hasPrefix("application/json"))
            let report = try #require(try JSONSerialization.jsonObject(with: Data(json.body.utf8)) as? [String: Any])
            #expect((report["results"] as? [[String: Any]])?.count == 20)
            let csv = try await Self.download(client, "/api/v1/reports/\(batchId).csv")
            #expect(csv.status == 200 && csv.type.hasPrefix("text/csv"))
            let parsed = try BatchCSVReader.rows(csv.body)
            #expect(parsed.count == 21 && parsed[0].first == "item_id" && parsed.dropFirst().allSatisfy { $0.count == parsed[0].count })
            let offsetColumn = try #require(parsed[0].firstIndex(of: "offset_seconds"))
            #expect(abs((Double(parsed[1][offsetColumn]) ?? 99) - truth) < 0.001)
            let html = try await Self.download(client, "/v1/reports/\(batchId)_detailed.html")
            #expect(html.status == 200 && html.type.hasPrefix("text/html"))
            #expect(html.body.components(separatedBy: "<svg").count - 1 == 40, "each pair: its waveforms and its correlation plot")
            #expect(html.body.components(separatedBy: "<section").count - 1 == 20 && html.body.contains("id=\"item_020\""))
            #expect(html.body.contains(String(format: "%.3f ms", truth * 1000)) && html.body.contains(String(format: "%.3f ms", -truth * 1000)))
            #expect(!html.body.lowercased().contains("<script") && html.body.contains("&lt;script&gt;"), "no script; text is escaped")
            #expect(html.body.contains("Reel 20, take 1"), "each pair's description is shown")
            #expect((report["download_links"] as? [String: String])?["detailed_report"] == "/v1/reports/\(batchId)_detailed.html")
            #expect(try await Self.download(other, "/v1/reports/\(batchId).csv").status == 404)
            #expect(try await Self.download(client, "/v1/reports/\(batchId).pdf").status == 404)

            // Delete: gone, with its analyses.
            #expect(try await client.call(.DELETE, "/v1/analysis/batch/\(batchId)").status == 204)
            #expect(try await client.call(.GET, "/v1/analysis/batch/\(batchId)/status").object["error_code"] as? String == "BATCH_NOT_FOUND")
            #expect(try await client.call(.GET, "/v1/analysis").object["total"] as? Int == 0)
        }
    }
}

/// Reads the CSV report back through the server's own parser (RFC 4180).
enum BatchCSVReader {
    static func rows(_ text: String) throws -> [[String]] {
        try BatchCSV.records(text).map(\.1)
    }
}
