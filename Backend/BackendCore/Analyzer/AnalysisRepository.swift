import Foundation
import RelayAPI

/// Persistence of seed 002's analyses. Every state change is one conditional statement.
package protocol AnalysisRepository: Sendable {
    func insert(_ record: AnalysisRecord) async throws
    func analysis(id: String) async throws -> AnalysisRecord?
    /// The org's analyses, newest first, optionally only one status, only since an instant, only one batch's.
    func list(orgId: UUID, status: AnalysisRecord.Status?, since: Date?, batchId: String?, limit: Int, offset: Int) async throws
        -> (items: [AnalysisRecord], total: Int)
    func setJob(id: String, jobId: String) async throws
    /// `queued` → `processing`; false when it was not queued (cancelled meanwhile, or already running).
    func start(id: String) async throws -> Bool
    /// Records progress (0…100) while processing.
    func progress(id: String, percent: Double) async throws
    /// `processing` → `completed` with the result (a componentized analysis: `components`); false when it
    /// was cancelled meanwhile.
    func complete(id: String, result: SyncAnalysisResult?, components: ComponentizedResult?) async throws -> Bool
    /// `queued`/`processing` → `failed`.
    func fail(id: String, code: String, message: String) async throws -> Bool
    /// `queued`/`processing` → `cancelled`; false when already finished.
    func cancel(id: String) async throws -> Bool
    /// Puts a `processing` analysis whose worker died back to `queued` (the job is retried).
    func requeue(id: String) async throws -> Bool
    /// Fails the analyses (one, or a batch's) still `queued`/`processing` whose job the queue
    /// dead-lettered without their handler finishing (a worker killed on the last attempt); returns how many.
    func failOrphans(id: String?, batchId: String?) async throws -> Int
}

extension AnalysisRepository {
    /// The batch's analyses, in no particular order.
    package func analyses(batchId: String, orgId: UUID) async throws -> [AnalysisRecord] {
        try await list(orgId: orgId, status: nil, since: nil, batchId: batchId, limit: 100_000, offset: 0).items
    }

    package func list(orgId: UUID, status: AnalysisRecord.Status?, since: Date?, limit: Int, offset: Int) async throws
        -> (items: [AnalysisRecord], total: Int)
    {
        try await list(orgId: orgId, status: status, since: since, batchId: nil, limit: limit, offset: offset)
    }
}
