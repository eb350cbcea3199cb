/// Where the local status page listens: a loopback host and a port, as `127.0.0.1:8765`,
/// `localhost:8765` or `[::1]:8765`. Anything else (another interface, a name, a missing port, octets
/// with signs or leading zeros that a resolver could read otherwise) is refused: the page is for the
/// person at this box. `host` is rebuilt from the parsed numbers and bound as an address, never resolved.
struct LoopbackAddress: Equatable {
    /// The address to bind: `127.x.x.x` or `::1`.
    var host: String
    /// 0 picks a free port.
    var port: Int

    init?(_ text: String) {
        let host: Substring, port: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            port = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") else { return nil }  // IPv6 in brackets
            host = text[..<colon]
            port = text[text.index(after: colon)...]
        }
        guard let number = Self.decimal(port, max: 65_535) else { return nil }
        switch host {
        case "localhost": self.host = "127.0.0.1"
        case "::1": self.host = "::1"
        default:
            let parts = host.split(separator: ".", omittingEmptySubsequences: false)
            let octets = parts.compactMap { Self.decimal($0, max: 255) }
            guard parts.count == 4, octets.count == 4, octets[0] == 127 else { return nil }
            self.host = octets.map(String.init).joined(separator: ".")
        }
        self.port = number
    }

    /// Plain decimal digits, no sign and no leading zero (but `0` itself), at most `max`.
    static func decimal(_ text: Substring, max: Int) -> Int? {
        guard !text.isEmpty, text.count <= 5, text.allSatisfy({ $0.isASCII && $0.isNumber }), text == "0" || text.first != "0",
            let value = Int(text), value <= max
        else { return nil }
        return value
    }
}
