import AgentCore
import AgentStore

/// Hands due queue items to the upload workers, never the same item to two of them.
actor WorkBoard {
    let store: UploadQueueStore
    var inFlight: Set<String> = []

    init(store: UploadQueueStore) {
        self.store = store
    }

    /// The oldest due item in one of `states` nobody is working on, now marked in flight.
    func claim(_ states: [UploadState]) throws -> UploadItem? {
        for item in try store.due(limit: 64, states: states) where !inFlight.contains(item.id) {
            inFlight.insert(item.id)
            return item
        }
        return nil
    }

    func release(_ id: String) {
        inFlight.remove(id)
    }
}
