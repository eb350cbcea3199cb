import AsyncHTTPClient
import BackendCore
import BackendStore
import Foundation
import HummingbirdWSClient
import Logging
import NIOCore
import NIOWebSocket
import Synchronization

/// `relay-bench ws-fanout`: live events at scale. `subscribers` WebSocket clients follow one session's
/// events (`/v2/sessions/{id}/events`), spread round-robin over the API processes in `targets`; a
/// separate publishing process — this one, through `PostgresEventBus.publish`, exactly as a worker
/// publishes ingest progress — sends `events` events at `rate` per second over PostgreSQL NOTIFY. Every
/// event carries its send time (this process's monotonic clock), so each delivery's latency is measured.
///
/// Phase 2, slow consumers: `stalled` clients that never read stay connected while `flood` events of
/// `flood-bytes` each are published (the readers of phase 1 gone); each must be cut off by the server's
/// policy (close 1013, or dropped), and the API processes' RSS (`pids`) must not grow with the backlog.
///
/// Prints `key=value` lines. Loopback only; every wait is bounded.
///
/// Options: --targets URL[,URL…] --email E --password-file F --database postgres://… [--subscribers 1000]
/// [--events 200] [--rate 20] [--stalled 20] [--flood 6000] [--flood-bytes 4000] [--pids P,P,…]
struct WebSocketFanOutBench {
    let targets: [String]
    let email: String
    let password: String
    let database: String
    let subscribers: Int
    let events: Int
    let rate: Double
    let stalled: Int
    let flood: Int
    let floodBytes: Int
    let pids: [Int32]

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    init(options: [String: String]) throws {
        guard let targets = options["targets"], let email = options["email"], let file = options["password-file"],
            let database = options["database"]
        else { throw Failure(description: "ws-fanout needs --targets, --email, --password-file and --database") }
        self.targets = targets.split(separator: ",").map { String($0) }
        self.email = email
        password = try String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        self.database = database
        subscribers = Int(options["subscribers"] ?? "") ?? 1000
        events = Int(options["events"] ?? "") ?? 200
        rate = Double(options["rate"] ?? "") ?? 20
        stalled = Int(options["stalled"] ?? "") ?? 20
        flood = Int(options["flood"] ?? "") ?? 6000
        floodBytes = Int(options["flood-bytes"] ?? "") ?? 4000
        pids = (options["pids"] ?? "").split(separator: ",").compactMap { Int32($0) }
    }

    /// A count shared with client tasks.
    final class Counter: Sendable {
        let value = Atomic<Int>(0)
        func add() { value.add(1, ordering: .relaxed) }
        var count: Int { value.load(ordering: .relaxed) }
    }

    /// Lines shared with client tasks.
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        func append(_ line: String) { lines.withLock { $0.append(line) } }
        var all: [String] { lines.withLock { $0 } }
    }

    /// One subscriber's deliveries: latencies in µs by sequence number (-1 = not yet).
    final class Deliveries: Sendable {
        let received = Atomic<Int>(0)
        let duplicates = Atomic<Int>(0)
        let latencies: Mutex<[Int]>

        init(events: Int) { latencies = Mutex(Array(repeating: -1, count: events)) }

        func record(seq: Int, sentNanos: UInt64) {
            let micros = Int((DispatchTime.now().uptimeNanoseconds &- sentNanos) / 1000)
            let fresh = latencies.withLock { values -> Bool in
                guard values.indices.contains(seq), values[seq] < 0 else { return false }
                values[seq] = micros
                return true
            }
            if fresh { received.add(1, ordering: .relaxed) } else { duplicates.add(1, ordering: .relaxed) }
        }
    }

    func run() async throws {
        let logger = { () -> Logger in
            var logger = Logger(label: "ws-fanout")
            logger.logLevel = .warning
            return logger
        }()
        let token = try await login()
        let session = try await createSession(token: token)
        guard let sessionId = UUID(uuidString: session) else { throw Failure(description: "session id \(session)") }
        let channel = MulticamService.channel(sessionId)
        let db = try await RelayDatabase.open(.postgres(url: database), logger: logger)
        let bus = try PostgresEventBus(database: db, url: database, logger: logger)
        print("subscribers=\(subscribers) targets=\(targets.count) events=\(events) rate_per_s=\(Int(rate))")
        print("rss_mb_idle=\(rssSummary())")

        // Phase 1: every reader gets every event; latency per delivery.
        let readers = (0..<subscribers).map { _ in Deliveries(events: events) }
        let connected = Counter()
        let phase1 = Task {
            await withTaskGroup(of: Void.self) { group in
                for (index, deliveries) in readers.enumerated() {
                    group.addTask {
                        _ = try? await follow(target: targets[index % targets.count], session: session, token: token, logger: logger) { inbound in
                            connected.add()
                            for try await message in inbound.messages(maxSize: 1 << 20) {
                                guard case .text(let text) = message, let (seq, sent) = Self.parse(text) else { continue }
                                deliveries.record(seq: seq, sentNanos: sent)
                                if deliveries.received.load(ordering: .relaxed) == events { break }
                            }
                        }
                    }
                    // Connect in waves so the handshakes do not all land at once.
                    if index % 50 == 49 { try? await Task.sleep(for: .milliseconds(50)) }
                }
            }
        }
        let connectStart = ContinuousClock.now
        try await waitFor("\(subscribers) sockets open", seconds: 120) { connected.count >= subscribers }
        print(String(format: "connect_seconds=%.1f", (ContinuousClock.now - connectStart).timeInterval))
        // The server subscribes right after the handshake; give the last ones a moment.
        try await Task.sleep(for: .seconds(1))
        print("rss_mb_connected=\(rssSummary())")

        let interval = Duration.nanoseconds(Int64(1e9 / rate))
        let publishStart = ContinuousClock.now
        for seq in 0..<events {
            let due = publishStart + interval * seq
            try await Task.sleep(until: due, clock: .continuous)
            await bus.publish(channel, #"{"event":"bench.tick","seq":\#(seq),"sentNs":\#(DispatchTime.now().uptimeNanoseconds)}"#)
        }
        let expected = subscribers * events
        let total = { readers.reduce(0) { $0 + $1.received.load(ordering: .relaxed) } }
        try? await waitFor("all deliveries", seconds: 60) { total() >= expected }
        print("rss_mb_after_events=\(rssSummary())")
        phase1.cancel()
        await phase1.value

        var all: [Int] = []
        all.reserveCapacity(expected)
        var missingSubscribers = 0
        for deliveries in readers {
            let values = deliveries.latencies.withLock { $0 }
            if values.contains(-1) { missingSubscribers += 1 }
            all.append(contentsOf: values.filter { $0 >= 0 })
        }
        all.sort()
        func percentile(_ p: Double) -> Double { all.isEmpty ? -1 : Double(all[min(all.count - 1, Int(Double(all.count) * p))]) / 1000 }
        let duplicates = readers.reduce(0) { $0 + $1.duplicates.load(ordering: .relaxed) }
        print("deliveries=\(all.count) expected=\(expected) lost=\(expected - all.count) duplicated=\(duplicates) subscribers_missing_any=\(missingSubscribers)")
        print(String(
            format: "latency_ms p50=%.1f p90=%.1f p99=%.1f max=%.1f", percentile(0.5), percentile(0.9), percentile(0.99),
            all.isEmpty ? -1 : Double(all.last!) / 1000))

        if stalled > 0 { try await slowConsumers(bus: bus, channel: channel, session: session, token: token, logger: logger) }
        await db.shutdown()
    }

    /// Phase 2: `stalled` clients that read nothing while `flood` large events pass; each must be cut off.
    func slowConsumers(bus: PostgresEventBus, channel: String, session: String, token: String, logger: Logger) async throws {
        let opened = Counter()
        let (resume, resumeSignal) = AsyncStream<Void>.makeStream(bufferingPolicy: .unbounded)
        let outcomes = Lines()
        let clients = Task {
            await withTaskGroup(of: Void.self) { group in
                for index in 0..<stalled {
                    group.addTask {
                        let got = Counter()
                        do {
                            let frame = try await follow(target: targets[index % targets.count], session: session, token: token, logger: logger) { inbound in
                                opened.add()
                                for await _ in resume { break }
                                for try await message in inbound.messages(maxSize: 1 << 20) { if case .text = message { got.add() } }
                            }
                            let outcome = frame.map { "close-\($0.closeCode)" } ?? "dropped"
                            outcomes.append("\(outcome) after \(got.count)")
                        } catch {
                            outcomes.append("dropped after \(got.count)")
                        }
                    }
                }
            }
        }
        try await waitFor("\(stalled) stalled sockets open", seconds: 60) { opened.count >= stalled }
        try await Task.sleep(for: .seconds(1))
        let before = rssSummary()
        let padding = String(repeating: "x", count: max(0, floodBytes - 60))
        let floodStart = ContinuousClock.now
        for seq in 0..<flood {
            await bus.publish(channel, #"{"event":"bench.flood","seq":\#(seq),"pad":"\#(padding)"}"#)
            if seq % 200 == 199 { try await Task.sleep(for: .milliseconds(20)) }
        }
        let floodSeconds = (ContinuousClock.now - floodStart).timeInterval
        try await Task.sleep(for: .seconds(3))
        let after = rssSummary()
        for _ in 0..<stalled { resumeSignal.yield() }
        resumeSignal.finish()
        let deadline = Task {
            try await Task.sleep(for: .seconds(60))
            clients.cancel()
        }
        await clients.value
        deadline.cancel()
        let results = outcomes.all
        let cut = results.filter { $0.hasPrefix("close-unknown(1013)") || $0.hasPrefix("dropped") }.count
        print(String(format: "stalled=%d flood_events=%d flood_mb=%.0f flood_seconds=%.1f", stalled, flood, Double(flood * floodBytes) / 1e6, floodSeconds))
        print("stalled_cut_off=\(cut) of \(stalled) outcomes=\(Dictionary(grouping: results) { $0.split(separator: " ").first.map(String.init) ?? "" }.mapValues(\.count))")
        let gotCounts = results.compactMap { Int($0.split(separator: " ").last ?? "") }.sorted()
        print("stalled_events_received min=\(gotCounts.first ?? -1) max=\(gotCounts.last ?? -1) of \(flood)")
        print("rss_mb_before_flood=\(before) rss_mb_after_flood=\(after)")
    }

    /// Opens the session's event socket on `target` and runs `body` with its inbound stream.
    func follow(
        target: String, session: String, token: String, logger: Logger,
        _ body: @escaping @Sendable (WebSocketInboundStream) async throws -> Void
    ) async throws -> WebSocketCloseFrame? {
        let url = target.replacingOccurrences(of: "http://", with: "ws://") + "/v2/sessions/\(session)/events"
        return try await WebSocketClient.connect(
            url: url, configuration: .init(additionalHeaders: [.authorization: "Bearer \(token)"]), logger: logger
        ) { inbound, _, _ in try await body(inbound) }
    }

    /// `seq` and `sentNs` of a tick.
    static func parse(_ text: String) -> (Int, UInt64)? {
        guard let seqRange = text.range(of: #""seq":"#), let sentRange = text.range(of: #""sentNs":"#),
            let seq = Int(text[seqRange.upperBound...].prefix { $0.isNumber }),
            let sent = UInt64(text[sentRange.upperBound...].prefix { $0.isNumber })
        else { return nil }
        return (seq, sent)
    }

    /// RSS in MB of each of `pids`, comma-separated ("-" when there are none).
    func rssSummary() -> String {
        guard !pids.isEmpty else { return "-" }
        return pids.map { pid -> String in
            guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
                let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
                let kb = Int(line.split(separator: " ").dropFirst().first ?? "")
            else { return "?" }
            return "\(kb / 1024)"
        }.joined(separator: ",")
    }

    func waitFor(_ what: String, seconds: Int, _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while !condition() {
            guard ContinuousClock.now < deadline else { throw Failure(description: "timed out waiting for \(what)") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    func login() async throws -> String {
        var request = HTTPClientRequest(url: targets[0] + "/v1/auth/login")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: ["email": email, "password": password])))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 1 << 20)
        guard let object = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any],
            let token = object["access_token"] as? String ?? object["accessToken"] as? String
        else { throw Failure(description: "login failed: \(response.status) \(String(buffer: body))") }
        return token
    }

    func createSession(token: String) async throws -> String {
        var request = HTTPClientRequest(url: targets[0] + "/v2/sessions")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: [
            "title": "Fan-out", "date": "2026-12-07", "location": "Bench", "projectId": "proj-bench",
        ])))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 1 << 20)
        guard let object = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any],
            let id = object["id"] as? String
        else { throw Failure(description: "session create failed: \(response.status) \(String(buffer: body))") }
        return id
    }
}
