import AgentCore
import AgentStore
import Foundation
import Logging
import RelayAPI
import RelayClient

/// Drains the outbox: posts the oldest events in batches of up to 100 and removes them once the backend
/// accepted them. Each event carries its idempotency key, so a batch whose answer was lost is re-sent
/// without duplicates. A batch the backend refuses (4xx) is split and posted one by one, so a single
/// bad event is dropped (and logged) instead of blocking the rest forever.
struct EventPoster: Sendable {
    let store: UploadQueueStore
    let keeper: TokenKeeper
    let contact: ContactRecorder
    let logger: Logger

    /// Posts until the outbox is empty or the backend cannot be reached; returns the events posted.
    @discardableResult
    func drain() async throws -> Int {
        var posted = 0
        while true {
            let batch = try store.pendingEvents(limit: 100)
            guard !batch.isEmpty else { return posted }
            let client = try await keeper.client()
            do {
                _ = try await client.postEvents(batch.map(\.input))
                contact.succeeded()
                try await store.removeEvents(ids: batch.compactMap(\.id))
                posted += batch.count
            } catch let error as RelayClientError {
                switch error.status {
                case nil:
                    contact.failed("\(error)")
                    return posted
                case 401?:
                    try await keeper.unauthorized(token: client.accessToken)
                    return posted
                case let status? where status == 429 || status >= 500:
                    return posted
                default:
                    contact.succeeded()
                    posted += try await postOneByOne(batch, client: client)
                }
            }
        }
    }

    func postOneByOne(_ batch: [OutboxEvent], client: RelayClient) async throws -> Int {
        var posted = 0
        for event in batch {
            do {
                _ = try await client.postEvents([event.input])
                posted += 1
            } catch let error as RelayClientError where error.status.map({ (400..<500).contains($0) && $0 != 401 && $0 != 429 }) ?? false {
                logger.error("backend refused event \(event.type) for \(event.entityType) \(event.entityId): \(error); dropped")
                try await store.setStatus(["last_event_error": "\(event.type) \(event.entityId): \(error)"])
            }
            try await store.removeEvents(ids: [event.id].compactMap { $0 })
        }
        return posted
    }
}
