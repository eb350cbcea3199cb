import Foundation
import Synchronization

/// The backend's clock as this process last heard it: the `Date` header of its latest answer, carried
/// forward by the monotonic clock. Stepping the machine's wall clock (a box without an RTC booting in
/// 1970, NTP syncing late, an operator's `date -s`) does not move it, so the agent judges the server's
/// deadlines (presigned URL expiry, the device proof's window) and its own retention (originals deleted
/// hours after the backend acknowledged them) by the server's time rather than its own.
///
/// The header has whole seconds and is stamped before the answer travels back: a reading is within a
/// second plus the round trip of the server's time, which is ample for deadlines of minutes and hours.
package final class ServerClock: Sendable {
    struct Reading {
        /// The server's time when the answer was received (the header, plus half a second for its truncation).
        var server: Date
        /// This process's monotonic clock at that moment.
        var received: ContinuousClock.Instant
        /// This machine's wall clock at that moment.
        var local: Date
    }

    let reading = Mutex<Reading?>(nil)

    package init() {}

    /// Records an answer's `Date` header (RFC 9110 IMF-fixdate); an absent or unreadable one changes nothing.
    package func observe(dateHeader: String?, received: ContinuousClock.Instant = .now, local: Date = Date()) {
        guard let dateHeader, let date = Self.parse(dateHeader) else { return }
        observe(serverDate: date.addingTimeInterval(0.5), received: received, local: local)
    }

    /// Records the server's time at a moment of this process's monotonic clock.
    package func observe(serverDate: Date, received: ContinuousClock.Instant = .now, local: Date = Date()) {
        reading.withLock { $0 = Reading(server: serverDate, received: received, local: local) }
    }

    /// The server's time now, or nil before its first answer in this process.
    package func now(at instant: ContinuousClock.Instant = .now) -> Date? {
        reading.withLock { reading in
            guard let reading else { return nil }
            let elapsed = reading.received.duration(to: instant)
            return reading.server.addingTimeInterval(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        }
    }

    /// How far this machine's wall clock is ahead of the server's (seconds, negative when behind), or nil
    /// before the server's first answer.
    package func skew(localNow: Date = Date(), at instant: ContinuousClock.Instant = .now) -> TimeInterval? {
        now(at: instant).map { localNow.timeIntervalSince($0) }
    }

    /// The server's time when known, else this machine's (`fallback`).
    package func serverNow(fallback: Date = Date()) -> Date { now() ?? fallback }

    /// An HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`).
    package static func parse(_ header: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: header)
    }
}
