import Foundation

/// Persistence of seed 002's batches and their items.
package protocol AnalysisBatchRepository: Sendable {
    /// Stores the batch and all its items at once.
    func insert(_ batch: AnalysisBatchRecord, items: [AnalysisBatchItem]) async throws
    func batch(id: String) async throws -> AnalysisBatchRecord?
    func items(batchId: String) async throws -> [AnalysisBatchItem]
    /// `uploaded` → `processing` with the run settings; false when it was not `uploaded`.
    func start(id: String, parallelJobs: Int, priority: String, webhookURL: String?, webhookSecret: String?, now: Date) async throws -> Bool
    /// Under a lock on the batch (so processes never over-dispatch): while fewer than `parallelJobs` of its
    /// analyses are queued or running, turns the next undispatched items into analyses and jobs (`make`).
    /// When nothing is left to dispatch or run, finishes the batch (`completed`, or `failed` when every
    /// item failed) and returns its new status.
    func dispatch(batchId: String, now: Date, make: @escaping @Sendable (AnalysisBatchItem) -> (AnalysisRecord, NewJob)) async throws
        -> (dispatched: [String], finished: AnalysisBatchRecord.Status?)
    /// `uploaded`/`processing` → `cancelled`, with its queued and running analyses; false when finished.
    func cancel(id: String, now: Date) async throws -> Bool
    /// Deletes the batch, its items and its analyses.
    func delete(id: String) async throws
    func setWebhookState(id: String, state: String) async throws
}
