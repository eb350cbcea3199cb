import BackendCore
import Foundation
import Hummingbird
import RelayAPI

/// RFC 6455 §4.2.1: what a WebSocket opening handshake must carry. Anything else on a WebSocket route
/// is answered 400 (seed 003) rather than upgraded or treated as a plain GET.
enum WebSocketUpgradeCheck {
    static func validate(_ request: Request) throws {
        let upgrade = request.headers[.upgrade]?.lowercased() ?? ""
        let connection = request.headers[.connection]?.lowercased() ?? ""
        let key = request.headers[.secWebSocketKey] ?? ""
        let version = request.headers[.secWebSocketVersion] ?? ""
        guard upgrade.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == "websocket" }),
            connection.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == "upgrade" })
        else {
            throw AppError(status: 400, code: .websocketUpgradeRequired, message: "this endpoint needs a WebSocket upgrade request")
        }
        guard Data(base64Encoded: key)?.count == 16, version == "13" else {
            throw AppError(
                status: 400, code: .websocketUpgradeInvalid,
                message: "invalid WebSocket handshake (Sec-WebSocket-Key must be 16 bytes in base64, Sec-WebSocket-Version 13)")
        }
    }
}
