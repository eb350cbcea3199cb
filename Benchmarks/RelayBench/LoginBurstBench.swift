import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization

/// `relay-bench login-burst`: what a burst of password logins (a full scrypt each: tens of milliseconds
/// of one core) does to `GET /v1/health` on the same live server. A prober on its own connection sends
/// one health check at a time, every `probe-interval-ms`, first for a second with the server idle and
/// then while `concurrency` clients log in `logins` times in all. Prints one line of `key=value`s:
/// health latency p50/p99/max idle and during the burst, the number of probes, and the burst's wall time
/// and logins/s. Loopback only; bounded by `logins` and a 60 s deadline.
///
/// Options: --base URL --email E --password-file F [--logins 32] [--concurrency 16] [--probe-interval-ms 5]
/// [--label L]
struct LoginBurstBench {
    let base: String
    let email: String
    let password: String
    let logins: Int
    let concurrency: Int
    let probeInterval: Duration
    let label: String

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    init(options: [String: String]) throws {
        guard let base = options["base"], let email = options["email"], let file = options["password-file"] else {
            throw Failure(description: "login-burst needs --base, --email and --password-file")
        }
        self.base = base
        self.email = email
        password = try String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        logins = Int(options["logins"] ?? "") ?? 32
        concurrency = Int(options["concurrency"] ?? "") ?? 16
        probeInterval = .milliseconds(Int(options["probe-interval-ms"] ?? "") ?? 5)
        label = options["label"] ?? "run"
    }

    func run() async throws {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: concurrency)
        let loginClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        // The prober's own client (its own connection): it never waits for a connection a login holds.
        let probeClient = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            try await measure(loginClient: loginClient, probeClient: probeClient)
        } catch {
            try? await loginClient.shutdown()
            try? await probeClient.shutdown()
            throw error
        }
        try await loginClient.shutdown()
        try await probeClient.shutdown()
    }

    private func measure(loginClient: HTTPClient, probeClient: HTTPClient) async throws {
        // Warm-up: connections open, the user's row cached by the database.
        _ = try await probe(probeClient)
        try await login(loginClient)
        let idle = try await probes(probeClient, for: .seconds(1))

        let burstDone = Flag()
        let started = ContinuousClock.now
        let (during, burstSeconds) = try await withThrowingTaskGroup(of: ([Double], Double).self) { group in
            group.addTask {
                var latencies: [Double] = []
                while !burstDone.value.load(ordering: .acquiring) {
                    latencies.append(try await probe(probeClient))
                    try await Task.sleep(for: probeInterval)
                }
                return (latencies, 0)
            }
            group.addTask {
                try await burst(loginClient)
                burstDone.value.store(true, ordering: .releasing)
                return ([], (ContinuousClock.now - started).inSeconds)
            }
            group.addTask {
                try await Task.sleep(for: .seconds(60))
                throw Failure(description: "the burst did not finish within 60 s")
            }
            var latencies: [Double] = [], seconds = 0.0
            for _ in 0..<2 {
                guard let (values, elapsed) = try await group.next() else { break }
                latencies += values
                seconds = max(seconds, elapsed)
            }
            group.cancelAll()
            return (latencies, seconds)
        }
        let idleStats = Stats(idle), burstStats = Stats(during)
        print(
            String(
                format:
                    "label=%@ logins=%d concurrency=%d burst_s=%.2f logins_per_s=%.1f probes=%d "
                    + "idle_p50_ms=%.2f idle_p99_ms=%.2f health_p50_ms=%.2f health_p99_ms=%.2f health_max_ms=%.2f",
                label, logins, concurrency, burstSeconds, Double(logins) / burstSeconds, during.count,
                idleStats.p50, idleStats.p99, burstStats.p50, burstStats.p99, burstStats.max))
    }

    /// `logins` logins, `concurrency` at a time.
    private func burst(_ client: HTTPClient) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<logins {
                if index >= concurrency { try await group.next() }
                group.addTask { try await login(client) }
            }
            try await group.waitForAll()
        }
    }

    private func login(_ client: HTTPClient) async throws {
        var request = HTTPClientRequest(url: base + "/v1/auth/login")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: ["email": email, "password": password])))
        let response = try await client.execute(request, timeout: .seconds(30))
        _ = try await response.body.collect(upTo: 1 << 16)
        guard response.status == .ok else { throw Failure(description: "login answered \(response.status)") }
    }

    /// Health checks one after another for `duration`; their latencies in milliseconds.
    private func probes(_ client: HTTPClient, for duration: Duration) async throws -> [Double] {
        let end = ContinuousClock.now + duration
        var latencies: [Double] = []
        while ContinuousClock.now < end {
            latencies.append(try await probe(client))
            try await Task.sleep(for: probeInterval)
        }
        return latencies
    }

    /// One `GET /v1/health`; its latency in milliseconds.
    private func probe(_ client: HTTPClient) async throws -> Double {
        let started = ContinuousClock.now
        let response = try await client.execute(HTTPClientRequest(url: base + "/v1/health"), timeout: .seconds(30))
        _ = try await response.body.collect(upTo: 1 << 16)
        guard response.status == .ok else { throw Failure(description: "health answered \(response.status)") }
        return (ContinuousClock.now - started).inSeconds * 1000
    }

    /// Set once the burst is over, read by the prober.
    final class Flag: Sendable {
        let value = Atomic<Bool>(false)
    }

    /// Percentiles of latencies in milliseconds.
    struct Stats {
        let p50: Double, p99: Double, max: Double
        init(_ values: [Double]) {
            let sorted = values.sorted()
            func at(_ fraction: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))] }
            p50 = at(0.5)
            p99 = at(0.99)
            max = sorted.last ?? 0
        }
    }
}

extension Duration {
    /// The duration in seconds.
    var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
