/// Publishes small notifications ("video X changed") to whoever listens in this process.
///
/// A message is a wake-up call, not the truth: listeners re-read state from the database, so a missed
/// message costs latency, never correctness (WebSocket handlers also re-check on a slow timer, which is
/// what carries changes made by another process).
package protocol EventBus: Sendable {
    func publish(_ channel: String, _ message: String) async
    /// Messages on `channel` from now on; the stream ends when the subscriber stops iterating.
    func subscribe(_ channel: String) -> AsyncStream<String>
}
