/// A storage key built by the server: `/`-separated segments of `[A-Za-z0-9._-]`, no empty, `.` or
/// `..` segment, at most 1,024 bytes. Client input never becomes a key without passing through here,
/// which is what keeps path traversal out of both stores.
package struct BlobKey: Sendable, Hashable, CustomStringConvertible {
    /// The validated key.
    package let rawValue: String

    /// Validates `rawValue`; returns `nil` for anything that is not a safe key.
    package init?(_ rawValue: String) {
        guard !rawValue.isEmpty, rawValue.utf8.count <= 1024 else { return nil }
        for segment in rawValue.split(separator: "/", omittingEmptySubsequences: false) {
            guard !segment.isEmpty, segment != ".", segment != ".." else { return nil }
            guard segment.utf8.allSatisfy(BlobKey.isAllowed) else { return nil }
        }
        self.rawValue = rawValue
    }

    /// Joins already-safe segments; traps on an unsafe one because that is a programming error.
    package init(segments: String...) {
        guard let key = BlobKey(segments.joined(separator: "/")) else {
            preconditionFailure("unsafe blob key segments: \(segments)")
        }
        self = key
    }

    package var description: String { rawValue }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }
}
