import BackendCore
import Foundation
import Hummingbird

/// `GET /v1/analysis/batch/{id}/results` and the JSON report: the summary, every item with its result,
/// and the report links.
struct BatchResultsResponse: ResponseEncodable, Sendable {
    let success = true
    let batchId: String
    let status: String
    let description: String?
    let summary: BatchSummary
    let results: [BatchItemView]
    let downloadLinks: [String: String]
    let timestamp: Date

    enum CodingKeys: String, CodingKey {
        case success, batchId = "batch_id", status, description, summary, results, downloadLinks = "download_links", timestamp
    }

    init(_ batch: AnalysisBatchRecord, items: [AnalysisBatchItem], analyses: [String: AnalysisRecord]) {
        let views = items.map { BatchItemView($0, analysis: $0.analysisId.flatMap { analyses[$0] }, batch: batch) }
        batchId = batch.id
        status = batch.status.rawValue
        description = batch.description
        summary = BatchSummary(batch, items: views, analyses: Array(analyses.values))
        results = views
        downloadLinks = [
            "json_report": "/v1/reports/\(batch.id).json", "csv_export": "/v1/reports/\(batch.id).csv",
            "detailed_report": "/v1/reports/\(batch.id)_detailed.html",
        ]
        timestamp = Date()
    }
}
