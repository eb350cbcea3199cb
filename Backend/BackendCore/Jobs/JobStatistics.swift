import Foundation

/// What the job table says right now: jobs by kind and state, and what finished recently.
package struct JobStatistics: Sendable, Equatable {
    /// `[kind: [state: count]]` for `queued` and `running` jobs.
    package var active: [String: [String: Int]]
    /// `[kind: count]` of jobs that succeeded since the window's start.
    package var succeeded: [String: Int]
    /// `[kind: count]` of jobs dead-lettered since the window's start.
    package var dead: [String: Int]
    /// Running jobs by worker id.
    package var runningByWorker: [String: Int]

    package init(active: [String: [String: Int]], succeeded: [String: Int], dead: [String: Int], runningByWorker: [String: Int]) {
        self.active = active
        self.succeeded = succeeded
        self.dead = dead
        self.runningByWorker = runningByWorker
    }
}
