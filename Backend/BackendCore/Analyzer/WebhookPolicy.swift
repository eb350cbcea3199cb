import Foundation
import RelayAPI

#if canImport(Glibc)
    import Glibc
#endif

/// Which webhook URLs the server calls: `http`/`https` only, no credentials in the URL, at most 2,048
/// bytes, and — unless `analyzer_webhook_allow_private` — a host whose every address is public (not
/// loopback, private, link-local, CGNAT, multicast or unspecified), so a batch cannot make the server
/// probe its own network. Checked when the batch starts and again before each delivery (a name may
/// resolve elsewhere later); a name that re-resolves between that check and the connection is the
/// remaining gap (documented).
package enum WebhookPolicy {
    package static func check(_ text: String, allowPrivate: Bool) throws -> URL {
        func refuse(_ why: String) -> AppError {
            AppError(status: 400, code: .webhookNotAllowed, message: "notification_webhook \(why)", details: ["field": .string("notification_webhook")])
        }
        guard text.utf8.count <= 2048, let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty
        else { throw refuse("must be an http(s) URL of at most 2,048 bytes") }
        guard url.user == nil, url.password == nil else { throw refuse("may not carry credentials") }
        if allowPrivate { return url }
        let addresses = resolve(host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")))
        guard !addresses.isEmpty else { throw refuse("names a host that does not resolve") }
        if let inside = addresses.first(where: isInternal) {
            throw refuse("resolves to \(inside), an internal address (set analyzer_webhook_allow_private to allow)")
        }
        return url
    }

    /// Every address `host` resolves to, as text.
    static func resolve(_ host: String) -> [String] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else { return [] }
        defer { freeaddrinfo(first) }
        var addresses: [String] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(info.pointee.ai_addr, info.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 {
                addresses.append(String(cString: buffer))
            }
            cursor = info.pointee.ai_next
        }
        return addresses
    }

    /// Loopback, private, link-local, CGNAT, multicast, unspecified, or IPv4-mapped forms of them.
    package static func isInternal(_ address: String) -> Bool {
        var text = address.lowercased()
        if let zone = text.firstIndex(of: "%") { text = String(text[..<zone]) }
        if text.hasPrefix("::ffff:"), text.contains(".") { text = String(text.dropFirst(7)) }
        let v4 = text.split(separator: ".").compactMap { UInt8($0) }
        if v4.count == 4 {
            let (a, b) = (v4[0], v4[1])
            return a == 0 || a == 10 || a == 127 || (a == 169 && b == 254) || (a == 172 && (16...31).contains(b)) || (a == 192 && b == 168)
                || (a == 100 && (64...127).contains(b)) || a >= 224
        }
        return text == "::" || text == "::1" || text.hasPrefix("fc") || text.hasPrefix("fd") || text.hasPrefix("fe8") || text.hasPrefix("fe9")
            || text.hasPrefix("fea") || text.hasPrefix("feb") || text.hasPrefix("ff")
    }
}
