import Foundation
import Synchronization

/// The in-process `EventBus`: fan-out to every current subscriber of a channel.
package final class LocalEventBus: EventBus {
    private let subscribers = Mutex<[String: [UUID: AsyncStream<String>.Continuation]]>([:])

    package init() {}

    package func publish(_ channel: String, _ message: String) async {
        let targets = subscribers.withLock { Array(($0[channel] ?? [:]).values) }
        for continuation in targets { continuation.yield(message) }
    }

    package func subscribe(_ channel: String) -> AsyncStream<String> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(32))
        subscribers.withLock { $0[channel, default: [:]][id] = continuation }
        continuation.onTermination = { [weak self] _ in
            self?.subscribers.withLock { all in
                all[channel]?[id] = nil
                if all[channel]?.isEmpty == true { all[channel] = nil }
            }
        }
        return stream
    }

    /// Subscribers on `channel` (tests check that closed sockets unsubscribe).
    package func subscriberCount(_ channel: String) -> Int {
        subscribers.withLock { $0[channel]?.count ?? 0 }
    }
}
