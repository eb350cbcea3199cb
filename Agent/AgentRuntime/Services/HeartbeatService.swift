import AgentCore
import AgentStore
import Foundation
import RelayAPI
import ServiceLifecycle

/// Queues a heartbeat event per `heartbeat_seconds`, with the queue's figures (the outbox posts it).
struct HeartbeatService: Service {
    let opener: DaemonResourcesOpener

    func run() async throws {
        let resources = try opener.resources()
        try await runPeriodically(every: .seconds(resources.configuration.heartbeatSeconds)) {
            await beat(resources)
        }
    }

    func beat(_ resources: DaemonResources) async {
        let store = resources.store
        let deviceId = await resources.keeper.credentials.deviceId
        let counts = (try? store.counts()) ?? [:]
        let pending = counts.filter { !$0.key.isTerminal }.values.reduce(0, +)
        let meta: [String: JSONValue] = [
            "version": .string(RelayVersion.current), "queued": .number(Double(pending)),
            "bytes_pending": .number(Double((try? store.bytesPending()) ?? 0)),
            "rejected": .number(Double(counts[.rejected] ?? 0)),
            "intake_errors": .number(Double(resources.intakeProblems.current().count)),
        ]
        let now = Date()
        let metaJSON = String(decoding: (try? JSONEncoder().encode(meta)) ?? Data(), as: UTF8.self)
        do {
            try await store.enqueue(events: [
                OutboxEvent(
                    idempotencyKey: "relay-agent.heartbeat.\(deviceId).\(Int(now.timeIntervalSince1970))", entityType: "device",
                    entityId: deviceId, type: "heartbeat", meta: metaJSON, createdAt: now.timeIntervalSince1970)
            ])
        } catch {
            resources.logger.error("heartbeat not queued: \(FailureText.describe(error))")
        }
    }
}
