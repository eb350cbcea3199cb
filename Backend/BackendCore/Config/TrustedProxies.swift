import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The proxies (load balancers) whose `X-Forwarded-For` is believed, so limits keyed by client address
/// see the client and not the proxy. Key `trusted_proxies`: addresses and CIDR blocks, comma-separated
/// (`127.0.0.1, 10.0.0.0/8, fd00::/8`); empty by default, when the peer address is the client.
///
/// `clientAddress(peer:forwardedFor:)` walks the header from the right (the entry the nearest proxy
/// appended) while the address in hand is a trusted proxy: the first address that is not one is the
/// client. Entries left of it are whatever the client sent and are never believed; an unreadable entry
/// stops the walk at the last readable one.
package struct TrustedProxies: Sendable, Equatable {
    struct Block: Sendable, Equatable {
        var bytes: [UInt8]
        var prefixLength: Int

        func contains(_ address: [UInt8]) -> Bool {
            guard address.count == bytes.count else { return false }
            var remaining = prefixLength
            for index in bytes.indices where remaining > 0 {
                let bits = min(8, remaining)
                let mask: UInt8 = bits == 8 ? 0xFF : ~(0xFF >> UInt8(bits))
                if address[index] & mask != bytes[index] & mask { return false }
                remaining -= bits
            }
            return true
        }
    }

    let blocks: [Block]

    package init() { blocks = [] }

    /// Parses `trusted_proxies`. Throws `ConfigurationError` naming the entry that is not an address or block.
    package init(_ text: String?) throws {
        var blocks: [Block] = []
        for item in (text ?? "").split(separator: ",") {
            let entry = item.trimmingCharacters(in: .whitespaces)
            guard !entry.isEmpty else { continue }
            let parts = entry.split(separator: "/", maxSplits: 1).map(String.init)
            guard let bytes = Self.parse(parts[0]) else {
                throw ConfigurationError("trusted_proxies: \(entry) is not an IP address or CIDR block")
            }
            var length = bytes.count * 8
            if parts.count == 2 {
                guard let value = Int(parts[1]), (0...length).contains(value) else {
                    throw ConfigurationError("trusted_proxies: \(entry) has a prefix length outside 0-\(length)")
                }
                length = value
            }
            blocks.append(Block(bytes: bytes, prefixLength: length))
        }
        self.blocks = blocks
    }

    package var isEmpty: Bool { blocks.isEmpty }

    package func trusts(_ address: String) -> Bool {
        guard let bytes = Self.parse(address) else { return false }
        return blocks.contains { $0.contains(bytes) }
    }

    /// The client's address for a request from `peer` carrying `forwardedFor`.
    package func clientAddress(peer: String?, forwardedFor: String?) -> String? {
        guard var client = peer.map(Self.normalised), !blocks.isEmpty, let forwardedFor else { return peer.map(Self.normalised) }
        for entry in forwardedFor.split(separator: ",").reversed() {
            guard trusts(client) else { break }
            let candidate = Self.normalised(entry.trimmingCharacters(in: .whitespaces))
            guard Self.parse(candidate) != nil else { break }
            client = candidate
        }
        return client
    }

    /// IPv4-mapped IPv6 addresses as the IPv4 address they carry.
    static func normalised(_ address: String) -> String {
        let lower = address.lowercased()
        if lower.hasPrefix("::ffff:"), parse(String(lower.dropFirst(7)))?.count == 4 { return String(lower.dropFirst(7)) }
        return address
    }

    /// An IPv4 (4 bytes) or IPv6 (16 bytes) address, or nil.
    static func parse(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            let bytes = withUnsafeBytes(of: &v6) { Array($0) }
            if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF { return Array(bytes[12...]) }
            return bytes
        }
        return nil
    }
}
