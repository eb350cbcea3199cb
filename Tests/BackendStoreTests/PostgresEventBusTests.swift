import BackendCore
import BackendStore
import Foundation
import Testing
import TestSupport

/// LISTEN/NOTIFY on the real PostgreSQL: two "processes" (each with its own pool and LISTEN connection)
/// deliver each other's events, in order, exactly once.
@Suite("PostgreSQL event bus")
struct PostgresEventBusTests {
    @Test("an event published by one process reaches subscribers in both, in order, once", .enabled(if: TestEnvironment.databaseKinds.contains("postgres")))
    func crossProcess() async throws {
        let (settings, cleanup) = try await TestDatabase.settings("postgres")
        guard case .postgres(let url) = settings else { return }
        let first = try await RelayDatabase.open(settings, logger: TestDatabase.logger)
        let second = try await RelayDatabase.open(settings, logger: TestDatabase.logger)
        let api = try PostgresEventBus(database: first, url: url, logger: TestDatabase.logger)
        let worker = try PostgresEventBus(database: second, url: url, logger: TestDatabase.logger)
        let runs = [Task { await api.run() }, Task { await worker.run() }]
        do {
            let deadline = ContinuousClock.now + .seconds(20)
            while !(api.isListening && worker.isListening), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            #expect(api.isListening && worker.isListening)

            let onAPI = api.subscribe("session.x"), onWorker = worker.subscribe("session.x"), elsewhere = api.subscribe("session.y")
            for index in 0..<20 { await worker.publish("session.x", #"{"n":\#(index)}"#) }
            await api.publish("session.x", "from-api")
            var received: [String] = []
            for await message in onAPI {
                received.append(message)
                if received.count == 21 { break }
            }
            #expect(received == (0..<20).map { #"{"n":\#($0)}"# } + ["from-api"], "the API process hears the worker's events in order")
            var own: [String] = []
            for await message in onWorker {
                own.append(message)
                if own.count == 21 { break }
            }
            #expect(own.count == 21 && Set(own).count == 21, "the publisher hears its own events once")
            // A channel nobody published on stays silent.
            let silent = Task { for await _ in elsewhere { return true }; return false }
            try await Task.sleep(for: .milliseconds(300))
            silent.cancel()
            #expect(await silent.value == false)
        } catch {
            runs.forEach { $0.cancel() }
            await first.shutdown(); await second.shutdown(); await cleanup()
            throw error
        }
        runs.forEach { $0.cancel() }
        for run in runs { await run.value }
        await first.shutdown()
        await second.shutdown()
        await cleanup()
    }
}
