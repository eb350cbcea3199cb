import Foundation
import Synchronization

/// The in-process `EventBus`: fan-out to every current subscriber of a channel. A subscriber more than
/// its capacity behind is cut off (``EventSubscription``) rather than buffered without bound.
package final class LocalEventBus: EventBus {
    private struct Subscriber {
        let continuation: AsyncStream<String>.Continuation
        let cutOff: SubscriberCutOff
    }

    private let subscribers = Mutex<[String: [UUID: Subscriber]]>([:])
    private let cutOffs = Atomic<Int>(0)

    package init() {}

    package func publish(_ channel: String, _ message: String) async {
        let targets = subscribers.withLock { Array(($0[channel] ?? [:]).values) }
        for target in targets {
            guard case .dropped = target.continuation.yield(message) else { continue }
            // Full: this subscriber has missed a message. End its stream after what it already has.
            target.cutOff.fire()
            target.continuation.finish()
            cutOffs.add(1, ordering: .relaxed)
        }
    }

    package func subscribe(_ channel: String, capacity: Int) -> EventSubscription {
        let id = UUID()
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingOldest(max(1, capacity)))
        let cutOff = SubscriberCutOff()
        subscribers.withLock { $0[channel, default: [:]][id] = Subscriber(continuation: continuation, cutOff: cutOff) }
        continuation.onTermination = { [weak self] _ in
            self?.subscribers.withLock { all in
                all[channel]?[id] = nil
                if all[channel]?.isEmpty == true { all[channel] = nil }
            }
        }
        return EventSubscription(stream: stream, signal: cutOff)
    }

    /// Subscribers on `channel` (tests check that closed sockets unsubscribe).
    package func subscriberCount(_ channel: String) -> Int {
        subscribers.withLock { $0[channel]?.count ?? 0 }
    }

    /// Subscribers cut off for falling behind since this bus was made.
    package var cutOffCount: Int { cutOffs.load(ordering: .relaxed) }
}
