/// Where one file is in its trip to the backend (DESIGN §6). Every change is one SQLite transaction, so
/// after a crash the item resumes from its last durable state.
package enum UploadState: String, Sendable, Codable, CaseIterable {
    /// Seen in a watch folder, stable and hashed; QC not yet run.
    case discovered
    /// QC done (result stored); waiting for a presigned URL.
    case qcDone = "qc_done"
    /// Holds a presigned URL (until it expires) and the backend's image id; the PUT is next.
    case presigned
    /// The bytes are on the store; `upload_complete` must still be acknowledged by the backend.
    case uploaded
    /// The backend acknowledged the upload: done.
    case acknowledged
    /// The backend refused the item for good (e.g. session closed, bad type): kept with its reason.
    case rejected

    /// Nothing more will happen to it.
    package var isTerminal: Bool { self == .acknowledged || self == .rejected }
}

/// What the uploader learned from one step.
package enum UploadEvent: Sendable, Equatable {
    case qcFinished
    case presigned
    case putSucceeded
    case acknowledged
    /// The presigned URL expired (or the store answered 403 to it): ask for a new one.
    case urlExpired
    /// The store refused the URL (403), or the backend no longer finds the uploaded object: upload again
    /// with a new URL, after backoff (a store that keeps refusing — clock skew — must not spin).
    case reupload(reason: String)
    case failed(UploadFailure)
}

/// How a step failed.
package enum UploadFailure: Sendable, Equatable {
    /// Network down, 5xx, timeout: retry the same step after backoff (or the server's `Retry-After`).
    case transient(reason: String, retryAfter: Duration?)
    /// 4xx other than 401/429: the backend will never take it.
    case permanent(reason: String)
    /// 401: the token must be refreshed before anything else.
    case unauthorized
}

/// The next state, and when the item may be tried again.
package struct UploadTransition: Sendable, Equatable {
    package var state: UploadState
    /// Consecutive failures of the current step (0 after progress).
    package var failures: Int
    /// Not before this delay (nil = at once).
    package var delay: Duration?
    package var error: String?
    /// The token needs refreshing before the retry.
    package var needsTokenRefresh: Bool
}
