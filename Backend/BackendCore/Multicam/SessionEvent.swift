import Foundation
import RelayAPI

/// A message on a session's WebSocket (seed 000): `asset.ingesting` with progress, `asset.ready`,
/// `asset.failed`, and later `sync.*`.
package struct SessionEvent: Sendable, Equatable {
    package var fields: [String: JSONValue]

    package init(_ event: String, _ fields: [String: JSONValue] = [:]) {
        self.fields = fields.merging(["event": .string(event)]) { $1 }
    }

    package static func ingesting(_ asset: AssetRecord, progress: Double) -> SessionEvent {
        SessionEvent("asset.ingesting", [
            "assetId": .string(asset.id.uuidString.lowercased()), "cameraLabel": .string(asset.cameraLabel),
            "chapter": .number(Double(asset.chapter)), "progress": .number((progress * 1000).rounded() / 1000),
        ])
    }

    package static func ready(_ asset: AssetRecord) -> SessionEvent {
        SessionEvent("asset.ready", [
            "assetId": .string(asset.id.uuidString.lowercased()), "cameraLabel": .string(asset.cameraLabel),
            "chapter": .number(Double(asset.chapter)),
        ])
    }

    package static func failed(_ asset: AssetRecord, code: APIErrorCode, message: String) -> SessionEvent {
        SessionEvent("asset.failed", [
            "assetId": .string(asset.id.uuidString.lowercased()), "cameraLabel": .string(asset.cameraLabel),
            "chapter": .number(Double(asset.chapter)), "error": .object(["code": .string(code.rawValue), "message": .string(message)]),
        ])
    }

    /// Compact JSON with sorted keys.
    package var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(fields)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
