/// Answer (202) of `POST /v2/sessions/{id}/sync/compute`.
package struct SyncQueued: Codable, Sendable, Equatable {
    package var sessionId: String
    package var syncJobId: String
    package var status: String
    package var estimatedCompletionMs: Int

    package init(sessionId: String, syncJobId: String, status: String, estimatedCompletionMs: Int) {
        self.sessionId = sessionId
        self.syncJobId = syncJobId
        self.status = status
        self.estimatedCompletionMs = estimatedCompletionMs
    }
}
