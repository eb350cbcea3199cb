import BackendCore
import Foundation
import RelayAPI

/// Seed 000's JSON shapes (camelCase, as the seed writes them).
enum MulticamDTO {
    static func session(_ s: MulticamSessionRecord, status: String) -> JSONObject {
        JSONObject(fields: [
            "id": AdminDTO.id(s.id), "title": .string(s.title), "date": .string(s.date), "location": s.location.map(JSONValue.string) ?? .null,
            "notes": s.notes.map(JSONValue.string) ?? .null, "status": .string(status), "createdAt": AdminDTO.date(s.createdAt),
            "projectId": .string(s.projectId),
        ])
    }

    static func metadata(_ m: AssetMetadata?) -> JSONValue {
        guard let m else { return .null }
        return .object([
            "durationMs": .number(Double(m.durationMs)), "fps": m.fps.map(JSONValue.number) ?? .null,
            "resolution": m.resolution.map(JSONValue.string) ?? .null, "codec": .string(m.codec), "hasAudio": .bool(m.hasAudio),
            "audioCodec": m.audioCodec.map(JSONValue.string) ?? .null, "variableFrameRate": .bool(m.variableFrameRate),
        ])
    }

    static func error(_ asset: AssetRecord) -> JSONValue {
        guard let code = asset.errorCode else { return .null }
        return .object(["code": .string(code), "message": .string(asset.errorMessage ?? "")])
    }

    static func offsets(_ values: [String: Double]?) -> JSONValue {
        guard let values else { return .null }
        return .object(values.mapValues { .number(($0 * 100).rounded() / 100) })
    }

    /// `GET …/sync`: seed 000's fields, plus drift, loop consistency and the review history.
    static func sync(_ record: SyncRecord, status: String, plots: [String: JSONValue]) -> JSONObject {
        let analysis = record.analysis
        let master = record.masterCamera
        let others = (analysis?.offsetsMs.keys.sorted() ?? []).filter { $0 != master }
        let original = analysis.map { offsets($0.offsetsMs) } ?? .null
        return JSONObject(fields: [
            "sessionId": AdminDTO.id(record.sessionId), "status": .string(status), "masterCamera": .string(master),
            "method": .string(record.method), "engine": analysis.map { .string($0.method) } ?? .null,
            "offsets": original,
            "confidence": .object(Dictionary(uniqueKeysWithValues: others.map { ($0, JSONValue.number(((analysis?.confidence[$0] ?? 0) * 1000).rounded() / 1000)) })),
            "classification": .object(Dictionary(uniqueKeysWithValues: others.map { ($0, JSONValue.string(analysis?.classification[$0] ?? "no-match")) })),
            "driftPpm": .object(Dictionary(uniqueKeysWithValues: others.map { ($0, JSONValue.number(((analysis?.driftPPM[$0] ?? 0) * 100).rounded() / 100)) })),
            "inconsistentCameras": .array((analysis?.inconsistentCameras ?? []).map(JSONValue.string)),
            "operatorStatus": record.operatorStatus.map(JSONValue.string) ?? .null,
            "finalOffsets": offsets(record.finalOffsets),
            "originalOffsets": record.operatorStatus == "corrected" ? original : .null,
            "computedAt": AdminDTO.date(record.computedAt),
            "running": .bool(record.state == .running),
            "lastError": record.error.map(JSONValue.string) ?? .null,
            "history": .array(record.history.map(review)),
            "debugArtifacts": .object([
                "correlationPlot": others.first.flatMap { plots[$0] } ?? .null, "correlationPlots": .object(plots),
            ]),
        ])
    }

    static func review(_ entry: SyncReview) -> JSONValue {
        .object([
            "action": .string(entry.action), "userId": .string(entry.userId), "by": entry.claimedBy.map(JSONValue.string) ?? .null,
            "at": AdminDTO.date(entry.at), "notes": entry.notes.map(JSONValue.string) ?? .null, "offsets": offsets(entry.offsets),
        ])
    }

    /// Answer of approve / correct.
    static func review(_ record: SyncRecord, status: String) -> JSONObject {
        var fields: [String: JSONValue] = [
            "sessionId": AdminDTO.id(record.sessionId), "status": .string(status),
            "operatorStatus": record.operatorStatus.map(JSONValue.string) ?? .null, "finalOffsets": offsets(record.finalOffsets),
        ]
        let at = AdminDTO.date(record.history.last?.at)
        if record.operatorStatus == "corrected" {
            fields["originalOffsets"] = record.analysis.map { offsets($0.offsetsMs.mapValues { ($0 * 100).rounded() / 100 }) } ?? .null
            fields["correctedAt"] = at
        } else {
            fields["approvedAt"] = at
        }
        return JSONObject(fields: fields)
    }
}
