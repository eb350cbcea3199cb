import Foundation

/// A single HTTP byte range (RFC 9110 §14.1.2), resolved against an object's size.
package struct ByteRange: Sendable, Equatable {
    /// First byte, inclusive.
    package let start: Int64
    /// Last byte, inclusive.
    package let end: Int64

    package init(start: Int64, end: Int64) {
        self.start = start
        self.end = end
    }

    package var length: Int64 { end - start + 1 }

    /// `Content-Range` value for a partial answer.
    package func contentRange(size: Int64) -> String { "bytes \(start)-\(end)/\(size)" }

    /// What a `Range` header asks of an object of `size` bytes.
    package enum Request: Sendable, Equatable {
        /// No usable range: answer the whole object with 200 (absent, malformed, not `bytes`, or several
        /// ranges — a server may ignore a Range header, RFC 9110 §14.2).
        case whole
        /// One satisfiable range: answer 206.
        case partial(ByteRange)
        /// Well formed but outside the object: answer 416 with `Content-Range: bytes */size`.
        case unsatisfiable
    }

    /// Parses `bytes=a-b`, `bytes=a-` and `bytes=-n` against `size`.
    package static func parse(_ header: String?, size: Int64) -> Request {
        guard let header else { return .whole }
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        guard trimmed.lowercased().hasPrefix("bytes=") else { return .whole }
        let spec = trimmed.dropFirst("bytes=".count).trimmingCharacters(in: .whitespaces)
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return .whole }
        let first = spec[..<dash].trimmingCharacters(in: .whitespaces)
        let last = spec[spec.index(after: dash)...].trimmingCharacters(in: .whitespaces)
        guard first.allSatisfy(\.isASCIIDigit), last.allSatisfy(\.isASCIIDigit), !(first.isEmpty && last.isEmpty) else {
            return .whole
        }
        if first.isEmpty {
            // Suffix range: the last n bytes.
            guard let count = Int64(last) else { return .whole }
            guard count > 0, size > 0 else { return .unsatisfiable }
            return .partial(ByteRange(start: max(0, size - count), end: size - 1))
        }
        guard let start = Int64(first) else { return .whole }
        guard start < size else { return .unsatisfiable }
        if last.isEmpty { return .partial(ByteRange(start: start, end: size - 1)) }
        guard let end = Int64(last) else { return .whole }
        guard end >= start else { return .whole }
        return .partial(ByteRange(start: start, end: min(end, size - 1)))
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
