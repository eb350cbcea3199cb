import Foundation

/// A daily local-time window in which uploads may run, `"HH:MM-HH:MM"`. A window whose end is before
/// its start crosses midnight (`"22:00-06:00"`); equal ends mean all day.
package struct UploadWindow: Sendable, Equatable, CustomStringConvertible {
    /// Minutes after midnight.
    package var start: Int
    package var end: Int

    package init?(_ text: String) {
        let halves = text.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
        guard halves.count == 2, let start = Self.minutes(halves[0]), let end = Self.minutes(halves[1]) else { return nil }
        self.start = start
        self.end = end
    }

    static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 }), let hour = Int(parts[0]), let minute = Int(parts[1]),
            (0...23).contains(hour) || (hour == 24 && minute == 0), (0...59).contains(minute)
        else { return nil }
        return hour * 60 + minute
    }

    /// Whether `minute` (after local midnight) is inside the window.
    package func contains(minute: Int) -> Bool {
        if start == end { return true }
        if start < end { return minute >= start && minute < end }
        return minute >= start || minute < end
    }

    package var description: String {
        String(format: "%02d:%02d-%02d:%02d", start / 60, start % 60, end / 60, end % 60)
    }
}

extension Array where Element == UploadWindow {
    /// No windows means always open.
    package func isOpen(at date: Date, calendar: Calendar = .current) -> Bool {
        guard !isEmpty else { return true }
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        let minute = (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
        return contains { $0.contains(minute: minute) }
    }

    /// The next time (to the minute) a window opens after `date`, within a day; nil when always open
    /// or already open.
    package func nextOpening(after date: Date, calendar: Calendar = .current) -> Date? {
        guard !isEmpty, !isOpen(at: date, calendar: calendar) else { return nil }
        let start = calendar.dateInterval(of: .minute, for: date)?.start ?? date
        for step in 1...(24 * 60) {
            let candidate = start.addingTimeInterval(Double(step) * 60)
            if isOpen(at: candidate, calendar: calendar) { return candidate }
        }
        return nil
    }
}
