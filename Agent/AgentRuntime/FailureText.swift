import AgentStore

/// How the daemon words a failure for the operator (logs, `systemctl status`, the exit message).
package enum FailureText {
    /// The error's own description, or for a full state disk what it means and what to do.
    package static func describe(_ error: any Error) -> String {
        UploadQueueStore.isDiskFull(error)
            ? "the state directory's disk is full (\(error)); the queue is intact, free space to continue" : "\(error)"
    }
}
