import BackendCore
import Testing

/// Batch webhooks never reach into the server's own network unless configured to.
@Suite("Webhook policy")
struct WebhookPolicyTests {
    @Test("internal addresses", arguments: [
        "127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1",
        "0.0.0.0", "224.0.0.1", "::1", "::", "fe80::1", "fd00::1", "fc00::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "ff02::1",
    ])
    func internalAddresses(address: String) {
        #expect(WebhookPolicy.isInternal(address))
    }

    @Test("public addresses", arguments: ["8.8.8.8", "172.32.0.1", "100.128.0.1", "192.169.0.1", "2001:4860:4860::8888", "::ffff:8.8.8.8"])
    func publicAddresses(address: String) {
        #expect(!WebhookPolicy.isInternal(address))
    }

    @Test("URLs: loopback and names that resolve to it refused; bad schemes and credentials refused; allowed when configured")
    func urls() throws {
        for url in ["http://127.0.0.1:9/hook", "http://localhost/hook", "http://[::1]/x", "ftp://example.com/x", "http://user:pw@example.com/x",
                    "not a url", "http://" + String(repeating: "a", count: 2100) + ".com"] {
            #expect(throws: AppError.self, "\(url.prefix(40))") { try WebhookPolicy.check(url, allowPrivate: false) }
        }
        #expect(try WebhookPolicy.check("http://127.0.0.1:9/hook", allowPrivate: true).port == 9)
        #expect(throws: AppError.self) { try WebhookPolicy.check("file:///etc/passwd", allowPrivate: true) }
    }
}
