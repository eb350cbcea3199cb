import Foundation

/// A batch of sync analyses from a CSV (seed 002), as stored in `analysis_batches`.
package struct AnalysisBatchRecord: Sendable, Equatable {
    /// Seed 002's `BatchStatus`.
    package enum Status: String, Sendable, Codable, CaseIterable {
        case uploaded, processing, completed, failed, cancelled

        package var isFinished: Bool { self == .completed || self == .failed || self == .cancelled }
    }

    /// `batch_YYYYMMDD_HHMMSS_<8 hex>`.
    package var id: String
    package var orgId: UUID
    package var createdBy: UUID
    package var description: String?
    package var status: Status
    /// How many of its analyses may be queued or running at once (1–8), set by start.
    package var parallelJobs: Int
    /// `low`, `normal` or `high`: the job priority of its analyses.
    package var priority: String
    package var webhookURL: String?
    /// HMAC-SHA256 key of the webhook's `X-Relay-Signature`; shown once, in the start answer.
    package var webhookSecret: String?
    /// `none`, `pending`, `delivered` or `failed`.
    package var webhookState: String
    package var itemCount: Int
    package var createdAt: Date
    package var startedAt: Date?
    package var finishedAt: Date?

    package init(
        id: String, orgId: UUID, createdBy: UUID, description: String?, status: Status, parallelJobs: Int, priority: String,
        webhookURL: String?, webhookSecret: String?, webhookState: String, itemCount: Int, createdAt: Date, startedAt: Date?,
        finishedAt: Date?
    ) {
        self.id = id
        self.orgId = orgId
        self.createdBy = createdBy
        self.description = description
        self.status = status
        self.parallelJobs = parallelJobs
        self.priority = priority
        self.webhookURL = webhookURL
        self.webhookSecret = webhookSecret
        self.webhookState = webhookState
        self.itemCount = itemCount
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }

    /// A new id: the UTC time of `now` and 8 random hex digits.
    package static func newId(now: Date = Date()) -> String {
        "batch_" + AnalysisRecord.newId(now: now).dropFirst("analysis_".count)
    }

    /// Job priority of the batch's analyses (lower runs first; single analyses from the API are 100).
    package var jobPriority: Int { ["high": 90, "normal": 120, "low": 150][priority] ?? 120 }
}
