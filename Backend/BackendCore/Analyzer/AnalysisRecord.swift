import Foundation
import RelayAPI

/// One analysis (seed 002) as stored in `analyses`: what was asked, where it is, what came out.
package struct AnalysisRecord: Sendable, Equatable {
    /// Seed 002's `AnalysisStatus`.
    package enum Status: String, Sendable, Codable, CaseIterable {
        case queued, processing, completed, failed, cancelled

        package var isFinished: Bool { self == .completed || self == .failed || self == .cancelled }
    }

    /// `analysis_YYYYMMDD_HHMMSS_<8 hex>`.
    package var id: String
    package var orgId: UUID
    package var createdBy: UUID
    /// `sync` (one master, one dub) or `componentized`.
    package var kind: String
    /// `api` or `batch`: where the job registry says it came from.
    package var source: String
    package var batchId: String?
    package var request: SyncAnalysisRequest
    /// The real paths the request resolved to when it was accepted.
    package var masterPath: String
    package var dubPath: String
    package var status: Status
    /// 0…100.
    package var progress: Double
    package var result: SyncAnalysisResult?
    /// Componentized analyses: each component's result and their agreement.
    package var componentsResult: ComponentizedResult?
    package var errorCode: String?
    package var errorMessage: String?
    package var jobId: String?
    package var createdAt: Date
    package var updatedAt: Date
    package var finishedAt: Date?

    package init(
        id: String, orgId: UUID, createdBy: UUID, kind: String, source: String, batchId: String?, request: SyncAnalysisRequest,
        masterPath: String, dubPath: String, status: Status, progress: Double, result: SyncAnalysisResult?, errorCode: String?,
        errorMessage: String?, jobId: String?, createdAt: Date, updatedAt: Date, finishedAt: Date?
    ) {
        self.id = id
        self.orgId = orgId
        self.createdBy = createdBy
        self.kind = kind
        self.source = source
        self.batchId = batchId
        self.request = request
        self.masterPath = masterPath
        self.dubPath = dubPath
        self.status = status
        self.progress = progress
        self.result = result
        componentsResult = nil
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.jobId = jobId
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.finishedAt = finishedAt
    }

    /// A new id: the UTC time of `now` and 8 random hex digits.
    package static func newId(now: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd_HHmmss"
        let random = (0..<4).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        return "analysis_\(formatter.string(from: now))_\(random)"
    }
}

extension AnalysisRecord {
    /// A copy with `componentsResult` set.
    package func with(components: ComponentizedResult?) -> AnalysisRecord {
        var copy = self
        copy.componentsResult = components
        return copy
    }
}
