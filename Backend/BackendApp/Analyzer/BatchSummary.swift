import BackendCore
import Foundation
import Hummingbird

/// Counts and timing of a batch, shared by its status, start, results and reports.
struct BatchSummary: ResponseEncodable, Sendable {
    let itemsTotal: Int
    let itemsCompleted: Int
    let itemsProcessing: Int
    let itemsQueued: Int
    let itemsFailed: Int
    let itemsCancelled: Int
    /// 0–100: finished items (any outcome) over all.
    let progress: Double
    let averageConfidence: Double?
    let processingTimeSeconds: Double?
    let estimatedCompletion: Date?

    enum CodingKeys: String, CodingKey {
        case itemsTotal = "items_total", itemsCompleted = "items_completed", itemsProcessing = "items_processing", itemsQueued = "items_queued"
        case itemsFailed = "items_failed", itemsCancelled = "items_cancelled", progress, averageConfidence = "average_confidence"
        case processingTimeSeconds = "processing_time_seconds", estimatedCompletion = "estimated_completion"
    }

    init(_ batch: AnalysisBatchRecord, items: [BatchItemView], analyses: [AnalysisRecord], now: Date = Date()) {
        itemsTotal = items.count
        itemsCompleted = items.filter { $0.status == "completed" }.count
        itemsProcessing = items.filter { $0.status == "processing" }.count
        itemsQueued = items.filter { $0.status == "queued" }.count
        itemsFailed = items.filter { $0.status == "failed" }.count
        itemsCancelled = items.filter { $0.status == "cancelled" }.count
        let finished = itemsCompleted + itemsFailed + itemsCancelled
        progress = items.isEmpty ? 0 : (Double(finished) / Double(items.count) * 1000).rounded() / 10
        let confidences = items.compactMap { $0.result?.confidence }
        averageConfidence = confidences.isEmpty ? nil : (confidences.reduce(0, +) / Double(confidences.count) * 1000).rounded() / 1000
        let end = batch.finishedAt ?? now
        processingTimeSeconds = batch.startedAt.map { (end.timeIntervalSince($0) * 10).rounded() / 10 }
        // Remaining items × the mean time of a finished analysis ÷ the batch's parallelism.
        let durations = analyses.compactMap { record in record.finishedAt.map { $0.timeIntervalSince(record.createdAt) } }
        if batch.status == .processing, !durations.isEmpty {
            let mean = durations.reduce(0, +) / Double(durations.count)
            let remaining = Double(itemsQueued + itemsProcessing)
            estimatedCompletion = now.addingTimeInterval(remaining * mean / Double(max(1, batch.parallelJobs)))
        } else {
            estimatedCompletion = batch.status.isFinished ? batch.finishedAt : nil
        }
    }
}
