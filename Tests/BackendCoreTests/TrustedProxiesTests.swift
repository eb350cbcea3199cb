import BackendCore
import Testing

/// Behind a trusted load balancer the client is the rightmost address it did not add itself; nobody
/// else's `X-Forwarded-For` is believed.
@Suite("Trusted proxies")
struct TrustedProxiesTests {
    @Test("no trusted proxies: the peer is the client, whatever the header says")
    func none() throws {
        let proxies = try TrustedProxies(nil)
        #expect(proxies.clientAddress(peer: "203.0.113.9", forwardedFor: "198.51.100.1") == "203.0.113.9")
        #expect(proxies.clientAddress(peer: nil, forwardedFor: "198.51.100.1") == nil)
    }

    @Test("a trusted peer: the rightmost untrusted entry; entries left of it are the client's own and ignored")
    func walk() throws {
        let proxies = try TrustedProxies("127.0.0.1, 10.0.0.0/8")
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: "198.51.100.7") == "198.51.100.7")
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: "1.1.1.1, 198.51.100.7") == "198.51.100.7",
            "a forged first entry is not believed")
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: "198.51.100.7, 10.1.2.3") == "198.51.100.7",
            "through two trusted hops")
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: "garbage, 10.1.2.3") == "10.1.2.3",
            "an unreadable entry stops the walk")
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: nil) == "127.0.0.1")
        #expect(proxies.clientAddress(peer: "203.0.113.9", forwardedFor: "198.51.100.7") == "203.0.113.9",
            "an untrusted peer's header is ignored")
        #expect(proxies.clientAddress(peer: "::ffff:127.0.0.1", forwardedFor: "2001:db8::5") == "2001:db8::5")
    }

    @Test("blocks: IPv4 and IPv6 prefixes; a bad entry is refused by name")
    func blocks() throws {
        let proxies = try TrustedProxies("192.168.4.0/22, fd00::/8")
        #expect(proxies.trusts("192.168.7.255") && !proxies.trusts("192.168.8.0"))
        #expect(proxies.trusts("fd12:3456::1") && !proxies.trusts("fe80::1"))
        #expect(!proxies.trusts("not an address"))
        for bad in ["10.0.0.0/33", "host.example", "::1/129", "10.0.0.0/x"] {
            #expect(throws: ConfigurationError.self, "\(bad)") { try TrustedProxies(bad) }
        }
    }
}
