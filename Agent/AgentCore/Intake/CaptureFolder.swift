import Foundation

/// A capture session as the folder convention names it: one subfolder of a watch folder per vehicle,
/// named by its VIN (17 characters, no I/O/Q) or stock number, optionally followed by `_` and a note
/// (`1HGCM82633A123456`, `STK-001_front-row`).
package struct CaptureFolder: Sendable, Equatable {
    /// The folder name, used as the session key in the queue.
    package var name: String
    package var vin: String?
    package var stock: String?

    /// Parses a folder name; nil when it names neither a VIN nor a usable stock number.
    package init?(name: String) {
        let head = String(name.split(separator: "_", maxSplits: 1, omittingEmptySubsequences: false).first ?? "").trimmingCharacters(in: .whitespaces)
        guard !head.isEmpty, !name.hasPrefix(".") else { return nil }
        self.name = name
        let upper = head.uppercased()
        if upper.count == 17, upper.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) && !"IOQ".contains($0) }) {
            vin = upper
        } else if (1...32).contains(head.count), head.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-.".contains($0)) }) {
            stock = upper
        } else {
            return nil
        }
    }
}
