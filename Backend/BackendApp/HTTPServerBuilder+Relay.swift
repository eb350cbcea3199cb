import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket

extension HTTPServerBuilder {
    /// HTTP/1.1 with WebSocket upgrades routed through the same router (and so the same middleware:
    /// request ids, rate limits, authentication) as every other request.
    package static func relayHTTP(router: Router<AppRequestContext>) -> HTTPServerBuilder {
        .http1WebSocketUpgrade(
            webSocketRouter: router,
            configuration: .init(ws: .init(maxFrameSize: 1 << 16, autoPing: .enabled(timePeriod: .seconds(30)))))
    }
}
