import Foundation

/// Follows a `multipart/form-data` body exactly as MultipartKit 4.7.1's parser walks it, to refuse what
/// would crash that parser: a byte of 0x80 or more in a part header's *name* (the parser indexes a
/// 128-entry table with it and traps). Header values may hold UTF-8 (file names); body bytes are never
/// judged. In a body it only looks for the next delimiter, jumping from CR to CR, so it costs little.
struct MultipartHeaderGuard {
    /// `\r\n--{boundary}`: what ends a part (the parser's own boundary bytes).
    let delimiter: [UInt8]

    enum State: Equatable {
        /// Before the first delimiter, matched this far (the leading CRLF is optional there).
        case preamble(Int)
        /// In a part's body (or matching a delimiter this far, 0 = plain body).
        case body(Int)
        /// Right after a delimiter: CR starts headers, `-` the epilogue.
        case afterDelimiter
        /// Expecting the LF of a CRLF, then `next`.
        case lineFeed(next: Header)
        /// In a part's header block.
        case header(Header)
        /// After the closing delimiter: ignored by the parser.
        case epilogue
    }

    enum Header: Equatable {
        /// At the start of a header line (or of the blank line ending the block).
        case name(empty: Bool)
        case value
        /// The blank line's LF was seen: the body begins.
        case done
    }

    private(set) var state: State = .preamble(0)

    init(boundary: String) {
        delimiter = Array("\r\n--\(boundary)".utf8)
    }

    /// Walks `bytes`; false as soon as a header name holds a byte the parser cannot take.
    mutating func accept(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            if case .body(0) = state {
                // Plain body: jump to the next CR, where a delimiter could begin.
                guard let found = memchr(bytes.baseAddress! + index, 0x0D, count - index) else { return true }
                index = bytes.baseAddress!.distance(to: UnsafeRawPointer(found))
            }
            guard step(bytes[index]) else { return false }
            index += 1
        }
        return true
    }

    private mutating func step(_ byte: UInt8) -> Bool {
        switch state {
        case .preamble(let matched):
            if matched == 0, byte == delimiter[2] {
                state = .preamble(3)
            } else if byte == delimiter[matched] {
                state = .preamble(matched + 1)
            } else if matched > 0, byte == delimiter[0] {
                state = .preamble(1)
            } else {
                state = .preamble(0)
            }
            if case .preamble(let now) = state, now == delimiter.count { state = .afterDelimiter }
        case .body(let matched):
            if byte == delimiter[matched] {
                state = matched + 1 == delimiter.count ? .afterDelimiter : .body(matched + 1)
            } else {
                state = .body(byte == delimiter[0] ? 1 : 0)
            }
        case .afterDelimiter:
            state = byte == 0x0D ? .lineFeed(next: .name(empty: true)) : .epilogue
        case .lineFeed(let next):
            state = next == .done ? .body(0) : .header(next)
        case .header(.name(let empty)):
            if byte == UInt8(ascii: ":") && !empty {
                state = .header(.value)
            } else if byte == 0x0D {
                state = .lineFeed(next: empty ? .done : .name(empty: true))
            } else if byte >= 0x80 {
                return false
            } else {
                state = .header(.name(empty: false))
            }
        case .header(.value):
            if byte == 0x0D { state = .lineFeed(next: .name(empty: true)) }
        case .header(.done), .epilogue:
            break
        }
        return true
    }
}
