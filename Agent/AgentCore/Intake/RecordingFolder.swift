import Foundation

/// A multi-camera recording session as the folder convention names it: one subfolder of a recording
/// folder per service or event, optionally starting with its date (`2026-11-22_Sunday-service`,
/// `Christmas concert`). Each camera's file is either in a camera folder named by its label
/// (`…/A/C0001.MP4`) or named with the label first (`A_wide.mp4`, `B-pulpit.mov`, `C.mxf`).
package struct RecordingFolder: Sendable, Equatable {
    /// The folder name, used as the session key in the queue.
    package var name: String
    /// The title sent to the backend: the name without its date, `_` read as a space.
    package var title: String
    /// `yyyy-MM-dd` from the name, when it starts with one.
    package var date: String?

    /// Parses a folder name; nil for hidden names and names with no title.
    package init?(name: String) {
        guard !name.hasPrefix("."), !name.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        self.name = name
        var rest = Substring(name)
        if name.count >= 10, Self.isDate(String(name.prefix(10))) {
            date = String(name.prefix(10))
            rest = rest.dropFirst(10).drop { $0 == "_" || $0 == "-" || $0 == " " }
        }
        let title = rest.replacingOccurrences(of: "_", with: " ").trimmingCharacters(in: .whitespaces)
        self.title = String((title.isEmpty ? (date ?? name) : title).prefix(200))
    }

    /// The camera label (`A`–`Z`) of a file: its camera folder's name, or the label its name starts with
    /// followed by `_`, `-`, `.` or a space. Nil when neither names one.
    package static func cameraLabel(fileName: String, cameraFolder: String?) -> String? {
        if let cameraFolder { return isLabel(cameraFolder) ? cameraFolder.uppercased() : nil }
        let characters = Array(fileName)
        guard characters.count >= 2, isLabel(String(characters[0])), "_-. ".contains(characters[1]) else { return nil }
        return String(characters[0]).uppercased()
    }

    static func isLabel(_ text: String) -> Bool {
        text.count == 1 && text.allSatisfy { $0.isASCII && $0.isLetter }
    }

    static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return false }
        return (1900...2999).contains(year) && (1...12).contains(month) && (1...31).contains(day)
    }

    /// The local calendar day of `date` as `yyyy-MM-dd` (the session date when the name has none).
    package static func day(of date: Date, timeZone: TimeZone = .current) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
    }
}
