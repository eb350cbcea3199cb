import BackendCore
import Foundation
import Hummingbird
import RelayAPI

/// One row of a batch in its status and results: the pair, its analysis's state and result.
struct BatchItemView: ResponseEncodable, Sendable {
    let itemId: String
    let line: Int
    let analysisId: String?
    let masterFile: String
    let dubFile: String
    let methods: [String]
    let description: String?
    let tags: [String]
    let status: String
    let progress: Double
    let result: SyncAnalysisResult?
    let errorCode: String?
    let errorMessage: String?

    enum CodingKeys: String, CodingKey {
        case itemId = "item_id", line, analysisId = "analysis_id", masterFile = "master_file", dubFile = "dub_file", methods, description
        case tags, status, progress, result, errorCode = "error_code", errorMessage = "error_message"
    }

    /// `queued` until dispatched (or `cancelled` with its batch), then its analysis's state.
    init(_ item: AnalysisBatchItem, analysis: AnalysisRecord?, batch: AnalysisBatchRecord) {
        itemId = item.itemId
        line = item.line
        analysisId = item.analysisId
        masterFile = item.masterPath
        dubFile = item.dubPath
        methods = item.methods
        description = item.description
        tags = item.tags
        status = analysis?.status.rawValue ?? (batch.status == .cancelled ? "cancelled" : "queued")
        progress = ((analysis?.progress ?? 0) * 10).rounded() / 10
        result = analysis?.result
        errorCode = analysis?.errorCode ?? analysis?.result?.errorCode
        errorMessage = analysis?.errorMessage
    }
}
