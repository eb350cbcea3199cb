import BackendCore
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket

/// Sends a bus subscription's messages to a WebSocket, one text frame each, until the client leaves.
///
/// Slow consumers are dropped by policy, not by memory growth: a client that reads too slowly to keep
/// up (or not at all) falls `EventSubscription.defaultCapacity` messages behind and is cut off by the
/// bus. The socket then closes with 1013 (try again later) and a reason, so the client reconnects and
/// re-reads the state it follows; a client whose socket cannot take even the close frame within
/// `closeGrace` (it stopped reading) has its connection dropped.
struct EventSocketRelay {
    /// RFC 6455 §7.4.1 / IANA: "Try Again Later".
    static let tryAgainLater = WebSocketErrorCode(codeNumber: 1013)
    static let cutOffReason = "too slow: events were dropped; reconnect and re-read"

    let events: EventSubscription
    let channel: any Channel
    let logger: Logger
    var closeGrace: Duration = .seconds(2)

    func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        let cutOff = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                for await event in events { try await outbound.write(.text(event)) }
                return events.wasCutOff
            }
            group.addTask {
                // The client may close at any time: that ends the relay.
                for try await _ in inbound {}
                return false
            }
            group.addTask {
                await events.cutOff()
                return true
            }
            let first = try await group.next() ?? false
            group.cancelAll()
            return first
        }
        guard cutOff else { return }
        logger.notice("closing event WebSocket: the client fell too far behind", metadata: ["reason": "\(Self.cutOffReason)"])
        let closed = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                (try? await outbound.close(Self.tryAgainLater, reason: Self.cutOffReason)) != nil
            }
            group.addTask {
                try? await Task.sleep(for: closeGrace)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        if !closed { try? await channel.close() }
    }
}
