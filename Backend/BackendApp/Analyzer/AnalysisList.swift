import Hummingbird
import Foundation

/// `GET /v1/analysis/`: the org's analyses, newest first.
struct AnalysisList: ResponseEncodable, Sendable {
    let success = true
    let analyses: [AnalysisStatusResponse]
    let total: Int
    let limit: Int
    let offset: Int
    let timestamp: Date
}
