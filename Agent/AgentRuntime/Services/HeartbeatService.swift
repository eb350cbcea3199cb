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
        let deviceId = await resources.keeper.credentials.deviceId
        let now = Date()
        let metaJSON = String(decoding: (try? JSONEncoder().encode(Self.meta(resources, now: now))) ?? Data(), as: UTF8.self)
        do {
            try await resources.store.enqueue(events: [
                OutboxEvent(
                    idempotencyKey: "relay-agent.heartbeat.\(deviceId).\(Int(now.timeIntervalSince1970))", entityType: "device",
                    entityId: deviceId, type: "heartbeat", meta: metaJSON, createdAt: now.timeIntervalSince1970)
            ])
        } catch {
            resources.logger.error("heartbeat not queued: \(FailureText.describe(error))")
        }
    }

    /// What a heartbeat tells the backend (`DeviceHealth`'s members there): the queue, the state disk's
    /// free space, this clock against the server's, the upload window and the last QC failure. A figure
    /// that cannot be read now is left out, not guessed.
    static func meta(_ resources: DaemonResources, now: Date) -> [String: JSONValue] {
        let store = resources.store
        let counts = (try? store.counts()) ?? [:]
        let pending = counts.filter { !$0.key.isTerminal }.values.reduce(0, +)
        var meta: [String: JSONValue] = [
            "version": .string(RelayVersion.current), "queued": .number(Double(pending)),
            "bytes_pending": .number(Double((try? store.bytesPending()) ?? 0)),
            "rejected": .number(Double(counts[.rejected] ?? 0)),
            "intake_errors": .number(Double(resources.intakeProblems.current().count)),
            "upload_window_open": .bool(resources.configuration.uploadWindows.isOpen(at: now)),
            "measured_at": .number(now.timeIntervalSince1970),
        ]
        if let oldest = try? store.oldestPendingCreatedAt() {
            meta["oldest_pending_seconds"] = .number(max(0, now.timeIntervalSince1970 - oldest))
        }
        if let free = FreeSpace.bytes(at: resources.configuration.stateDirectory.path) { meta["disk_free_bytes"] = .number(Double(free)) }
        if let skew = resources.keeper.clock.skew(localNow: now) { meta["clock_skew_seconds"] = .number((skew * 1000).rounded() / 1000) }
        if let failed = try? store.recentQCFailures(limit: 1).first {
            var failure: [String: JSONValue] = [
                "file_name": .string(URL(fileURLWithPath: failed.path).lastPathComponent),
                "reason": .string(failed.qcFailureReason ?? "QC failed"), "at": .number(failed.createdAt),
            ]
            if let angle = failed.angleDeg { failure["angle_deg"] = .number(angle) }
            meta["last_qc_failure"] = .object(failure)
        }
        return meta
    }
}
