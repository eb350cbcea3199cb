import BackendCore
import Foundation
import Hummingbird

/// `GET /v1/analysis/batch/{id}/status` (and the start and upload answers): seed 002's fields, with the
/// summary's counts flattened as the seed shows them.
struct BatchStatusResponse: ResponseEncodable, Sendable {
    let success = true
    let batchId: String
    let status: String
    let description: String?
    let parallelJobs: Int
    let priority: String
    let webhookState: String
    /// Only in the start answer: the HMAC key of the webhook's `X-Relay-Signature`.
    let webhookSecret: String?
    let summary: BatchSummary
    let itemsDetails: [BatchItemView]
    let createdAt: Date
    let startedAt: Date?
    let completedAt: Date?
    let timestamp: Date

    enum CodingKeys: String, CodingKey {
        case success, batchId = "batch_id", status, description, parallelJobs = "parallel_jobs", priority, webhookState = "webhook_state"
        case webhookSecret = "webhook_secret", itemsDetails = "items_details", createdAt = "created_at", startedAt = "started_at"
        case completedAt = "completed_at", timestamp
        case progress, itemsTotal = "items_total", itemsCompleted = "items_completed", itemsProcessing = "items_processing"
        case itemsQueued = "items_queued", itemsFailed = "items_failed", itemsCancelled = "items_cancelled"
        case estimatedCompletion = "estimated_completion"
    }

    init(_ batch: AnalysisBatchRecord, items: [AnalysisBatchItem], analyses: [String: AnalysisRecord], webhookSecret: String? = nil) {
        let views = items.map { BatchItemView($0, analysis: $0.analysisId.flatMap { analyses[$0] }, batch: batch) }
        batchId = batch.id
        status = batch.status.rawValue
        description = batch.description
        parallelJobs = batch.parallelJobs
        priority = batch.priority
        webhookState = batch.webhookState
        self.webhookSecret = webhookSecret
        summary = BatchSummary(batch, items: views, analyses: Array(analyses.values))
        itemsDetails = views
        createdAt = batch.createdAt
        startedAt = batch.startedAt
        completedAt = batch.finishedAt
        timestamp = Date()
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(success, forKey: .success)
        try container.encode(batchId, forKey: .batchId)
        try container.encode(status, forKey: .status)
        try container.encode(description, forKey: .description)
        try container.encode(parallelJobs, forKey: .parallelJobs)
        try container.encode(priority, forKey: .priority)
        try container.encode(webhookState, forKey: .webhookState)
        try container.encodeIfPresent(webhookSecret, forKey: .webhookSecret)
        try container.encode(summary.progress, forKey: .progress)
        try container.encode(summary.itemsTotal, forKey: .itemsTotal)
        try container.encode(summary.itemsCompleted, forKey: .itemsCompleted)
        try container.encode(summary.itemsProcessing, forKey: .itemsProcessing)
        try container.encode(summary.itemsQueued, forKey: .itemsQueued)
        try container.encode(summary.itemsFailed, forKey: .itemsFailed)
        try container.encode(summary.itemsCancelled, forKey: .itemsCancelled)
        try container.encode(summary.estimatedCompletion, forKey: .estimatedCompletion)
        try container.encode(itemsDetails, forKey: .itemsDetails)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(completedAt, forKey: .completedAt)
        try container.encode(timestamp, forKey: .timestamp)
    }
}
