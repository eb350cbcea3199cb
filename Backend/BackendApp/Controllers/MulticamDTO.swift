import BackendCore
import Foundation
import Hummingbird
import RelayAPI
import RelaySync

/// Seed 000's records as their wire types (`Shared/RelayAPI/Multicam`, camelCase as the seed writes them).
enum MulticamDTO {
    static func id(_ id: UUID) -> String { AdminDTO.id(id) }

    static func session(_ s: MulticamSessionRecord, status: String) -> MulticamSession {
        MulticamSession(
            id: id(s.id), title: s.title, date: s.date, location: s.location, notes: s.notes, status: status,
            createdAt: s.createdAt,
            projectId: s.projectId)
    }

    static func metadata(_ m: AssetMetadata?) -> MulticamAsset.Metadata? {
        m.map {
            .init(
                durationMs: $0.durationMs, fps: $0.fps, resolution: $0.resolution, codec: $0.codec,
                hasAudio: $0.hasAudio,
                audioCodec: $0.audioCodec, variableFrameRate: $0.variableFrameRate)
        }
    }

    static func error(_ asset: AssetRecord) -> MulticamAsset.Failure? {
        asset.errorCode.map { .init(code: APIErrorCode(rawValue: $0), message: asset.errorMessage ?? "") }
    }

    /// Offsets in ms, to two decimals.
    static func offsets(_ values: [String: Double]?) -> [String: Double]? {
        values?.mapValues { ($0 * 100).rounded() / 100 }
    }

    /// `GET …/sync`: seed 000's fields, plus drift, loop consistency and the review history.
    static func sync(_ record: SyncRecord, status: String, plots: [String: String?]) -> SyncResult {
        let analysis = record.analysis
        let master = record.masterCamera
        let others = (analysis?.offsetsMs.keys.sorted() ?? []).filter { $0 != master }
        let original = analysis.flatMap { offsets($0.offsetsMs) }
        return SyncResult(
            sessionId: id(record.sessionId), status: status, masterCamera: master, method: record.method,
            engine: analysis?.method,
            offsets: original,
            confidence: Dictionary(
                uniqueKeysWithValues: others.map { ($0, ((analysis?.confidence[$0] ?? 0) * 1000).rounded() / 1000) }),
            classification: Dictionary(
                uniqueKeysWithValues: others.map { ($0, analysis?.classification[$0] ?? "no-match") }),
            driftPpm: Dictionary(
                uniqueKeysWithValues: others.map { ($0, ((analysis?.driftPPM[$0] ?? 0) * 100).rounded() / 100) }),
            inconsistentCameras: analysis?.inconsistentCameras ?? [], operatorStatus: record.operatorStatus,
            finalOffsets: offsets(record.finalOffsets),
            originalOffsets: record.operatorStatus == "corrected" ? original : nil,
            computedAt: record.computedAt, running: record.state == .running, lastError: record.error,
            history: record.history.map(review),
            debugArtifacts: .init(correlationPlot: others.first.flatMap { plots[$0] } ?? nil, correlationPlots: plots),
            files: analysis?.files.map { $0.mapValues { $0.map(file) } })
    }

    /// One file's placement, to two decimals (ms) and three (confidence).
    static func file(_ p: FilePlacement) -> SyncFile {
        func ms(_ value: Double) -> Double { (value * 100).rounded() / 100 }
        return SyncFile(
            chapter: p.number, assetId: p.id, offsetMs: ms(p.offsetMs), driftPpm: ms(p.driftPPM), confidence: (p.confidence * 1000).rounded() / 1000,
            classification: p.classification, durationMs: ms(p.durationSeconds * 1000), startMs: p.startSeconds.map { ms($0 * 1000) },
            endMs: p.endSeconds.map { ms($0 * 1000) }, gapBeforeMs: p.gapBeforeMs.map(ms))
    }

    static func review(_ entry: SyncReview) -> SyncReviewEntry {
        SyncReviewEntry(
            action: entry.action, userId: entry.userId, by: entry.claimedBy, at: entry.at, notes: entry.notes,
            offsets: offsets(entry.offsets))
    }

    /// Answer of approve / correct.
    static func review(_ record: SyncRecord, status: String) -> SyncReviewResult {
        var result = SyncReviewResult(
            sessionId: id(record.sessionId), status: status, operatorStatus: record.operatorStatus,
            finalOffsets: offsets(record.finalOffsets))
        let at = record.history.last?.at
        if record.operatorStatus == "corrected" {
            result.originalOffsets = record.analysis.flatMap {
                offsets($0.offsetsMs.mapValues { ($0 * 100).rounded() / 100 })
            }
            result.correctedAt = at
        } else {
            result.approvedAt = at
        }
        return result
    }
}

extension MulticamSession: ResponseEncodable {}
extension MulticamSessionStatus: ResponseEncodable {}
extension MulticamSessionRow: ResponseEncodable {}
extension MultipartGrant: ResponseEncodable {}
extension AcceptedParts: ResponseEncodable {}
extension CompletedUpload: ResponseEncodable {}
extension MulticamAssetList: ResponseEncodable {}
extension SyncQueued: ResponseEncodable {}
extension SyncResult: ResponseEncodable {}
extension SyncReviewResult: ResponseEncodable {}
