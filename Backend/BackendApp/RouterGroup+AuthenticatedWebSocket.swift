import BackendCore
import Hummingbird
import HummingbirdWebSocket

extension RouterGroup where Context == AppRequestContext {
    /// A WebSocket route behind `AuthMiddleware`. Before the upgrade, `authorize` checks the caller may
    /// open this socket (its errors answer as on any route) and the handshake is checked
    /// (`WebSocketUpgradeCheck`). After it, `handler` runs under `watchdog`, so the socket closes with 1008
    /// when the token expires or the caller is revoked. Every WebSocket route is added this way.
    @discardableResult
    func authenticatedWebSocket(
        _ path: RouterPath, watchdog: WebSocketAuthWatchdog,
        authorize: @escaping @Sendable (Request, AppRequestContext) async throws -> Void,
        onUpgrade handler: @escaping @Sendable (WebSocketInboundStream, WebSocketOutboundWriter, AppRequestContext) async throws -> Void
    ) -> Self {
        ws(
            path,
            shouldUpgrade: { request, context in
                try await authorize(request, context)
                try WebSocketUpgradeCheck.validate(request)
                return .upgrade([:])
            },
            onUpgrade: { inbound, outbound, wsContext in
                let context = wsContext.requestContext
                try await watchdog.guarding(try context.requireIdentity(), outbound: outbound) {
                    try await handler(inbound, outbound, context)
                }
            })
    }
}
