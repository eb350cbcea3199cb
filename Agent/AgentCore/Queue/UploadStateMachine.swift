import RelayAPI

/// The upload queue's rules as a pure function: (state, failures so far, event) → transition. No I/O, so
/// every path is checked by a table test; `UploadQueueStore` applies the result in one transaction.
package struct UploadStateMachine: Sendable {
    package let backoff: ExponentialBackoff

    package init(backoff: ExponentialBackoff = .uploads) {
        self.backoff = backoff
    }

    package func transition(from state: UploadState, failures: Int, event: UploadEvent, jitter: Double) -> UploadTransition {
        func advance(_ next: UploadState) -> UploadTransition {
            UploadTransition(state: next, failures: 0, delay: nil, error: nil, needsTokenRefresh: false)
        }
        switch (state, event) {
        case (.discovered, .qcFinished): return advance(.qcDone)
        case (.qcDone, .presigned): return advance(.presigned)
        case (.presigned, .putSucceeded): return advance(.uploaded)
        case (.uploaded, .acknowledged): return advance(.acknowledged)
        // An expired URL sends the item back for a new one; not a failure of the item.
        case (.presigned, .urlExpired): return advance(.qcDone)
        case (.presigned, .reupload(let reason)), (.uploaded, .reupload(let reason)):
            return UploadTransition(
                state: .qcDone, failures: failures + 1, delay: backoff.delay(attempt: failures + 1, jitter: jitter), error: reason,
                needsTokenRefresh: false)
        case (_, .failed(let failure)) where !state.isTerminal:
            switch failure {
            case .permanent(let reason):
                return UploadTransition(state: .rejected, failures: failures + 1, delay: nil, error: reason, needsTokenRefresh: false)
            case .unauthorized:
                return UploadTransition(
                    state: state, failures: failures + 1, delay: backoff.delay(attempt: failures + 1, jitter: jitter),
                    error: "unauthorized: token refresh needed", needsTokenRefresh: true)
            case .transient(let reason, let retryAfter):
                return UploadTransition(
                    state: state, failures: failures + 1,
                    delay: backoff.delay(attempt: failures + 1, jitter: jitter, retryAfter: retryAfter), error: reason,
                    needsTokenRefresh: false)
            }
        default:
            // An event that does not belong to this state (a late answer after a restart) changes nothing.
            return UploadTransition(state: state, failures: failures, delay: nil, error: nil, needsTokenRefresh: false)
        }
    }
}
