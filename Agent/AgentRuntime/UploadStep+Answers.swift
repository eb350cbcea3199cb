import AgentCore
import AgentStore
import Foundation
import RelayAPI
import RelayClient

/// Which of the backend's refusals are worth waiting out, and what to do about a folder's session that
/// no longer takes uploads. Only an answer that cannot change on its own rejects an item for good
/// (README, "How it copes when things go wrong", has the table).
extension UploadStep {
    /// An HTTP answer that may clear on its own: retry the same step after backoff (or `Retry-After`).
    /// 408 timeout, 423 locked, 425 too early, 429 rate limited, any 5xx (503 for a database hiccup), and
    /// the generic 409 `CONFLICT` the backend answers when a concurrent request won a race (e.g. two
    /// sessions upserting one vehicle).
    static func isTransient(status: Int, code: APIErrorCode?) -> Bool {
        [408, 423, 425, 429].contains(status) || status >= 500 || (status == 409 && code == .conflict)
    }

    /// The folder's cached backend session no longer takes uploads: someone completed or abandoned it (409
    /// `SESSION_NOT_ACTIVE`), or it was deleted (404 `SESSION_NOT_FOUND`); or the session's create was
    /// refused because its idempotency key was first used with another body (422
    /// `IDEMPOTENCY_KEY_REUSED`: the configuration changed meanwhile). A new session fixes each.
    static func needsNewSession(_ error: RelayClientError) -> Bool {
        error.code == .sessionNotActive || error.code == .sessionNotFound || error.code == .idempotencyKeyReused
    }

    /// Forgets the folder's session `sessionId` (nil: the one not yet created) and retries the item soon,
    /// in a new session (a reshoot, a returning car): nothing is rejected.
    func reopenSession(_ item: UploadItem, _ error: RelayClientError, sessionId: String?) async throws {
        contact.succeeded()
        let replaced: Bool
        if let sessionId {
            replaced = try await store.replaceSession(key: item.sessionKey, staleServerId: sessionId)
        } else {
            replaced = try await store.renewSessionKey(key: item.sessionKey)
        }
        if replaced { logger.notice("folder \(item.sessionKey): its backend session no longer takes uploads (\(error)); opening a new one") }
        try await record(item, .failed(.transient(reason: "a new session is opened: \(error)", retryAfter: nil)))
    }

    /// The backend's clock now as its answers report it (this machine's clock before the first answer):
    /// presigned URLs expire by the server's clock, so a box whose clock is off judges them by that.
    func serverNow() -> Date { keeper.clock.serverNow() }

    /// Seconds a presigned URL (or a part grant) must still have left to be used.
    static let urlMargin: TimeInterval = 60
}
