import Foundation
import RelayAPI

extension AnalyzerService {
    /// The org's batch queue: items, version, last saver.
    package func batchQueue(_ identity: Identity) async throws -> (items: [JSONValue], version: Int, clientId: String?, updatedAt: Date?) {
        try requireUser(identity)
        let stored = try await queues.queue(orgId: identity.orgId)
        let items = (try? JSONDecoder().decode([JSONValue].self, from: Data(stored.items.utf8))) ?? []
        return (items, stored.version, stored.clientId, stored.updatedAt)
    }

    /// Saves the org's batch queue (at most 1,000 items). With `expectedVersion`, 409 `CONFLICT` (with
    /// the current version in `details`) when someone saved since; without, the last write wins.
    package func saveBatchQueue(_ identity: Identity, items: [JSONValue], clientId: String?, expectedVersion: Int?, now: Date = Date()) async throws
        -> Int
    {
        try requireUser(identity)
        guard items.count <= 1000 else { throw AppError.validation("at most 1,000 items", field: "items") }
        if let clientId, clientId.utf8.count > 200 { throw AppError.validation("clientId is longer than 200 bytes", field: "clientId") }
        if let expectedVersion, expectedVersion < 0 { throw AppError.validation("version must be 0 or more", field: "version") }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(items), as: UTF8.self)
        guard let version = try await queues.save(orgId: identity.orgId, items: text, clientId: clientId, expectedVersion: expectedVersion, now: now)
        else {
            let current = try await queues.queue(orgId: identity.orgId)
            throw AppError(
                status: 409, code: APIErrorCode.conflict, message: "the queue was saved by another client since version \(expectedVersion ?? 0)",
                details: ["version": .number(Double(current.version)), "client_id": current.clientId.map { .string($0) } ?? .null])
        }
        return version
    }

    /// Live workers (seen within three announce intervals) and the job table's view of work.
    package func workerStatus(now: Date = Date()) async throws -> (workers: [JobWorkerPresence], statistics: JobStatistics) {
        let interval = Double(JobWorkerPresence.announceInterval.components.seconds)
        let workers = try await jobQueue.workers(seenSince: now.addingTimeInterval(-3 * interval))
        return (workers, try await jobQueue.statistics(finishedSince: now.addingTimeInterval(-3600)))
    }
}
