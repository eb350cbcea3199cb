import AgentCore
import AgentStore

/// Hands due queue items to the workers, never the same item to two of them, photos first: recordings
/// take at most `recordingLanes` upload workers, and a recording in flight steps aside between parts
/// when a photo is waiting and no upload worker is free (`photoWaiting`).
actor WorkBoard {
    /// Which workers claim: the QC worker, or an upload worker.
    enum Lane: Sendable {
        case qc
        case upload
    }

    let store: UploadQueueStore
    /// Upload workers (`concurrency`).
    let uploadWorkers: Int
    /// Recordings in flight at once (`AgentConfiguration.recordingLanes`).
    let recordingLanes: Int
    var inFlight: Set<String> = []
    var uploadsInFlight: Set<String> = []
    var recordingsInFlight: Set<String> = []

    init(store: UploadQueueStore, uploadWorkers: Int = 2, recordingLanes: Int = 1) {
        self.store = store
        self.uploadWorkers = uploadWorkers
        self.recordingLanes = recordingLanes
    }

    /// The first due item in `states` nobody is working on (photos before recordings, each oldest first),
    /// now marked in flight. A recording only while fewer than `recordingLanes` are in flight.
    func claim(_ states: [UploadState], lane: Lane = .upload) throws -> UploadItem? {
        for item in try store.due(limit: 64, states: states) where !inFlight.contains(item.id) {
            if item.isRecording && lane == .upload && recordingsInFlight.count >= recordingLanes { continue }
            inFlight.insert(item.id)
            if lane == .upload { uploadsInFlight.insert(item.id) }
            if item.isRecording && lane == .upload { recordingsInFlight.insert(item.id) }
            return item
        }
        return nil
    }

    func release(_ id: String) {
        inFlight.remove(id)
        uploadsInFlight.remove(id)
        recordingsInFlight.remove(id)
    }

    /// Whether a photo is due in `states` that no worker has and none is free to take: then a recording
    /// in flight stops after its current part and lets it go first.
    func photoWaiting(_ states: [UploadState]) throws -> Bool {
        guard uploadsInFlight.count >= uploadWorkers else { return false }
        return try store.due(limit: 64, states: states).contains { !$0.isRecording && !inFlight.contains($0.id) }
    }
}
