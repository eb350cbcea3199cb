import BackendCore
import BackendStore
import Foundation
import Logging

/// `relay-bench queue`: job-queue throughput on SQLite and PostgreSQL with no-op handlers.
/// `relay-bench login-burst`: health-check latency of a live server during a burst of logins
/// (`LoginBurstBench`).
/// `relay-bench ws-fanout`: 1,000 event WebSockets over the API processes, events published over
/// PostgreSQL as a worker does, delivery latency and slow-consumer cut-offs (`WebSocketFanOutBench`).
/// `relay-bench hello --port P`: a Hummingbird hello-world server, the ceiling `Benchmarks/load.sh`
/// measures routes against (`HelloWorldServer`).
///
/// Usage: relay-bench queue --database sqlite|URL --jobs N --workers W [--concurrency C]
/// Prints one line per run: database, workers, jobs, seconds, jobs/s, and claim-to-complete p50/p99.
@main
struct RelayBench {
    static func main() async throws {
        var arguments = CommandLine.arguments.dropFirst()
        let command = arguments.first
        guard ["queue", "login-burst", "hello", "ws-fanout"].contains(command) else {
            print("usage: relay-bench queue --database sqlite|postgres://… --jobs N --workers W [--concurrency C]")
            print("       relay-bench login-burst --base URL --email E --password-file F [--logins N] [--concurrency C] [--label L]")
            print("       relay-bench hello --port P")
            print("       relay-bench ws-fanout --targets URL[,URL…] --email E --password-file F --database postgres://… [--subscribers 1000] [--events 200] [--rate 20] [--stalled 20] [--pids P,…]")
            return
        }
        arguments = arguments.dropFirst()
        var options: [String: String] = [:]
        while let name = arguments.first, name.hasPrefix("--"), arguments.count >= 2 {
            options[String(name.dropFirst(2))] = arguments.dropFirst().first
            arguments = arguments.dropFirst(2)
        }
        if command == "hello" {
            try await HelloWorldServer(options: options).run()
            return
        }
        if command == "ws-fanout" {
            try await WebSocketFanOutBench(options: options).run()
            return
        }
        if command == "login-burst" {
            try await LoginBurstBench(options: options).run()
            return
        }
        let jobs = Int(options["jobs"] ?? "") ?? 2000
        let workers = Int(options["workers"] ?? "") ?? 4
        let concurrency = Int(options["concurrency"] ?? "") ?? 2
        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("relay-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = options["database"] ?? "sqlite"
        let settings: DatabaseSettings = database == "sqlite"
            ? .sqlite(path: folder.appendingPathComponent("bench.sqlite").path) : .postgres(url: database)
        let setup = try await RelayDatabase.open(settings, logger: logger)
        try await setup.migrate()
        if setup.isPostgres { try await setup.sql.raw("DELETE FROM jobs").run() }
        let queue = SQLJobQueue(database: setup)
        let enqueueStart = ContinuousClock.now
        for _ in 0..<jobs { try await queue.enqueue(NewJob(kind: "noop")) }
        let enqueueSeconds = (ContinuousClock.now - enqueueStart).timeInterval

        let latencies = LatencyLog()
        var handlers = JobHandlers()
        handlers.register("noop") { job, _ in await latencies.record(Date().timeIntervalSince(job.updatedAt)) }
        var pools: [RelayDatabase] = []
        for _ in 0..<workers { pools.append(try await RelayDatabase.open(settings, logger: logger)) }
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, pool) in pools.enumerated() {
                let worker = JobWorkerService(
                    queue: SQLJobQueue(database: pool), handlers: handlers,
                    configuration: JobWorkerConfiguration(concurrency: concurrency, pollInterval: .milliseconds(5)),
                    workerId: "bench-\(index)", logger: logger)
                group.addTask { try await worker.run() }
            }
            while try await queue.counts()[.succeeded, default: 0] < jobs {
                try await Task.sleep(for: .milliseconds(20))
            }
            group.cancelAll()
        }
        let seconds = (ContinuousClock.now - start).timeInterval
        let sorted = await latencies.values.sorted()
        func percentile(_ p: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] * 1000 }
        let kind = setup.isPostgres ? "postgres" : "sqlite"
        print(String(
            format: "%@ workers=%d x%d jobs=%d enqueue=%.0f/s run=%.2fs throughput=%.0f jobs/s claim->start p50=%.1fms p99=%.1fms",
            kind, workers, concurrency, jobs, Double(jobs) / enqueueSeconds, seconds, Double(jobs) / seconds,
            percentile(0.5), percentile(0.99)))
        for pool in pools { await pool.shutdown() }
        await setup.shutdown()
    }
}

/// Collects handler-start latencies.
actor LatencyLog {
    var values: [Double] = []
    func record(_ value: Double) { values.append(value) }
}
