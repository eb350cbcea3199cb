/// Publishes small notifications ("video X changed") to whoever listens in this process.
///
/// A message is a wake-up call, not the truth: listeners re-read state from the database, so a missed
/// message costs latency, never correctness (WebSocket handlers also re-check on a slow timer, which is
/// what carries changes made by another process).
package protocol EventBus: Sendable {
    func publish(_ channel: String, _ message: String) async
    /// Messages on `channel` from now on; the sequence ends when the subscriber stops iterating, or after
    /// the subscriber falls `capacity` messages behind (``EventSubscription/wasCutOff``).
    func subscribe(_ channel: String, capacity: Int) -> EventSubscription
}

extension EventBus {
    /// ``subscribe(_:capacity:)`` with ``EventSubscription/defaultCapacity``.
    package func subscribe(_ channel: String) -> EventSubscription {
        subscribe(channel, capacity: EventSubscription.defaultCapacity)
    }
}
