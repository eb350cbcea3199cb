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
}
