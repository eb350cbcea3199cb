/// Answer (202) of `POST /v2/sessions/{id}/sync/compute`.
public struct SyncQueued: Codable, Sendable, Equatable {
    public var sessionId: String
    public var syncJobId: String
    public var status: String
    public var estimatedCompletionMs: Int

    public init(sessionId: String, syncJobId: String, status: String, estimatedCompletionMs: Int) {
        self.sessionId = sessionId
        self.syncJobId = syncJobId
        self.status = status
        self.estimatedCompletionMs = estimatedCompletionMs
    }
}
