import BackendCore
import Foundation
import Hummingbird

/// One analysis as seed 002's job registry lists it (the UI adds API-submitted jobs to its queue).
struct JobRegistryEntry: ResponseEncodable, Sendable {
    let jobId: String
    let type: String
    let status: String
    let masterFile: String
    let masterName: String
    let dubFile: String
    let componentCount: Int
    let progress: Double
    let result: Summary?
    let createdAt: Date
    let source: String
    let batchId: String?

    struct Summary: Encodable, Sendable {
        let offsetSeconds: Double
        let confidence: Double
        let methodUsed: String
        let classification: String

        enum CodingKeys: String, CodingKey {
            case offsetSeconds = "offset_seconds", confidence, methodUsed = "method_used", classification
        }
    }

    enum CodingKeys: String, CodingKey {
        case jobId = "job_id", type, status, masterFile = "master_file", masterName = "master_name", dubFile = "dub_file"
        case componentCount = "component_count", progress, result, createdAt = "created_at", source, batchId = "batch_id"
    }

    init(_ record: AnalysisRecord) {
        jobId = record.id
        type = record.kind
        status = record.status.rawValue
        masterFile = record.masterPath
        masterName = (record.masterPath as NSString).lastPathComponent
        dubFile = record.dubPath
        componentCount = record.request.components?.count ?? 1
        progress = (record.progress * 10).rounded() / 10
        result = record.result.map {
            Summary(offsetSeconds: $0.offsetSeconds, confidence: $0.confidence, methodUsed: $0.methodUsed, classification: $0.classification)
        }
        createdAt = record.createdAt
        source = record.source
        batchId = record.batchId
    }
}
