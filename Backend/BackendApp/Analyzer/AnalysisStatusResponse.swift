import Hummingbird
import BackendCore
import Foundation
import RelayAPI

/// `POST /v1/analysis/sync` (202), `GET /v1/analysis/{id}/status`, `GET /v1/analysis/{id}` and the list's
/// items: seed 002's fields, the request echoed, and the error when it failed.
struct AnalysisStatusResponse: ResponseEncodable, Sendable {
    let success = true
    let analysisId: String
    /// Seed 002's componentized answer names the id `job_id`: the same id.
    let jobId: String
    let status: String
    let progress: Double
    let kind: String
    let source: String
    let batchId: String?
    let masterFile: String
    let dubFile: String
    let methods: [String]
    let result: SyncAnalysisResult?
    /// Componentized analyses: every component's result and their agreement.
    let componentsResult: ComponentizedResult?
    let errorCode: String?
    let errorMessage: String?
    let createdAt: Date
    let updatedAt: Date
    let completedAt: Date?
    let timestamp: Date

    enum CodingKeys: String, CodingKey {
        case success, analysisId = "analysis_id", jobId = "job_id", status, progress, kind, source, batchId = "batch_id", masterFile = "master_file"
        case dubFile = "dub_file", methods, result, componentsResult = "components_result", errorCode = "error_code", errorMessage = "error_message", createdAt = "created_at"
        case updatedAt = "updated_at", completedAt = "completed_at", timestamp
    }

    init(_ record: AnalysisRecord, now: Date = Date()) {
        analysisId = record.id
        jobId = record.id
        status = record.status.rawValue
        progress = (record.progress * 10).rounded() / 10
        kind = record.kind
        source = record.source
        batchId = record.batchId
        masterFile = record.masterPath
        dubFile = record.dubPath
        methods = record.request.methods ?? SyncAnalysisRequest.defaultMethods.map(\.rawValue)
        result = record.result
        componentsResult = record.componentsResult
        errorCode = record.errorCode ?? record.result?.errorCode ?? record.componentsResult?.errorCode
        errorMessage = record.errorMessage
        createdAt = record.createdAt
        updatedAt = record.updatedAt
        completedAt = record.finishedAt
        timestamp = now
    }
}
