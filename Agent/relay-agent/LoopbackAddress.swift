/// Where the local status page listens: a loopback host and a port, as `127.0.0.1:8765`,
/// `localhost:8765` or `[::1]:8765`. Anything else (another interface, a name, a missing port) is refused:
/// the page is for the person at this box.
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
            guard let colon = text.lastIndex(of: ":") else { return nil }
            host = text[..<colon]
            port = text[text.index(after: colon)...]
        }
        guard let number = Int(port), (0...65_535).contains(number), port.allSatisfy(\.isASCII) else { return nil }
        switch host {
        case "localhost": self.host = "127.0.0.1"
        case "::1": self.host = "::1"
        default:
            let parts = host.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 4, parts[0] == "127",
                parts.allSatisfy({ part in part.count <= 3 && part.allSatisfy(\.isASCII) && UInt8(part) != nil })
            else { return nil }
            self.host = String(host)
        }
        self.port = number
    }
}
