import Foundation

/// One subscriber's messages on one bus channel, in order, with at most `capacity` waiting to be read.
///
/// A subscriber that falls further behind than that is **cut off**, not buffered without end: the
/// message that did not fit is dropped, the sequence ends after the ones already waiting, and
/// ``wasCutOff`` turns true (``cutOff()`` returns). The subscriber knows it missed messages and acts on
/// it: an event WebSocket closes with 1013 so its client reconnects and re-reads the state; a cache
/// forgets everything. Memory per subscriber is bounded by `capacity` whatever the publisher does.
package struct EventSubscription: AsyncSequence, Sendable {
    package typealias Element = String

    /// Messages a subscriber may have waiting before it is cut off, unless it asks for another bound.
    package static let defaultCapacity = 256

    let stream: AsyncStream<String>
    let signal: SubscriberCutOff

    package init(stream: AsyncStream<String>, signal: SubscriberCutOff) {
        self.stream = stream
        self.signal = signal
    }

    package func makeAsyncIterator() -> AsyncStream<String>.AsyncIterator { stream.makeAsyncIterator() }

    /// Whether this subscriber fell `capacity` messages behind and lost one.
    package var wasCutOff: Bool { signal.hasFired }

    /// Returns once this subscriber is cut off (never, if it keeps up); ends early if the task is cancelled.
    package func cutOff() async { await signal.wait() }
}
