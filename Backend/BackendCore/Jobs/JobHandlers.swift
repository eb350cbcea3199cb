import Logging

/// What a handler gets besides its job: a way to report progress and a logger.
package struct JobContext: Sendable {
    package let job: Job
    package let logger: Logger
    let progressReporter: @Sendable (Double, String?) async -> Void

    package init(job: Job, logger: Logger, progressReporter: @escaping @Sendable (Double, String?) async -> Void) {
        self.job = job
        self.logger = logger
        self.progressReporter = progressReporter
    }

    /// Records progress 0...1 (clamped) with an optional note; failures to record are logged, not thrown.
    package func progress(_ value: Double, note: String? = nil) async {
        await progressReporter(min(max(value, 0), 1), note)
    }
}

/// Runs one kind of job. Throwing retries the job with backoff; throwing `PermanentJobFailure` dead-letters
/// it at once.
package typealias JobHandler = @Sendable (Job, JobContext) async throws -> Void

/// A failure that retrying cannot fix (bad payload, missing input): the job goes straight to `dead`.
package struct PermanentJobFailure: Error, Sendable, CustomStringConvertible {
    package let reason: String
    package init(_ reason: String) { self.reason = reason }
    package var description: String { reason }
}

/// The handlers a worker knows, by job kind.
package struct JobHandlers: Sendable {
    private var handlers: [String: JobHandler] = [:]

    package init() {}

    /// Registers (or replaces) the handler for `kind`.
    package mutating func register(_ kind: String, _ handler: @escaping JobHandler) {
        handlers[kind] = handler
    }

    /// The handler for `kind`, if any.
    package func handler(for kind: String) -> JobHandler? { handlers[kind] }

    /// Every kind with a handler, sorted (a worker only claims these).
    package var kinds: [String] { handlers.keys.sorted() }
}
