import BackendApp
import BackendCore
import Foundation
import Hummingbird
import NIOCore
import RelayAPI
import HummingbirdTesting
import Testing
import TestSupport

/// `POST /v1/upload` against a live server over a raw socket: a part header line that never ends, sent
/// in HTTP chunks (so no Content-Length announces it). The parser buffers a header until its line ends;
/// before the cap, 64 MiB of one line went into memory and the server answered only when the body ended.
@Suite("Multipart part headers are bounded", .serialized)
struct MultipartHeaderLimitTests {
    @Test("a 64 MiB header line: 413 long before it ends, and the server's memory stays flat")
    func endlessHeaderLine() async throws {
        try await TestApp.with("sqlite") { services, router in
            try await TestApp.application(router).test(.live) { client in
                // A token straight from the service: no HTTP round trip that a loaded machine could time out.
                let org = try await services.auth.admin.createOrg(name: "Upload \(UUID().uuidString.prefix(6))")
                _ = try await services.auth.admin.createUser(
                    orgId: org.id, email: "uploader@example.com", name: "Uploader", role: "operator", siteIds: [], password: "a long password")
                let token = try await services.auth.login(LoginRequest(email: "uploader@example.com", password: "a long password")).accessToken
                let port = try #require(client.port)
                let connection = try RawHTTPConnection(port: port)
                let before = currentResidentBytes()
                let head = "POST /v1/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n"
                    + "Content-Type: multipart/form-data; boundary=RelayBoundary\r\nTransfer-Encoding: chunked\r\n\r\n"
                #expect(connection.send(Data(head.utf8)))
                let opening = Data("--RelayBoundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.mp4\"\r\nX-Long: ".utf8)
                #expect(connection.send(Self.chunk(opening)))
                let filler = Self.chunk(Data(repeating: UInt8(ascii: "a"), count: 64 << 10))
                let started = ContinuousClock.now
                var answered = false
                for _ in 0..<1024 {  // 64 MiB of one header line
                    if connection.hasAnswer() {
                        answered = true
                        break
                    }
                    guard connection.send(filler) else {
                        answered = true
                        break
                    }
                }
                let elapsed = ContinuousClock.now - started
                let sentMiB = Double(connection.sent) / 1_048_576
                let growthMiB = Double(currentResidentBytes() - before) / 1_048_576
                #expect(answered, "no answer while 64 MiB of one header line went out")
                #expect(sentMiB < 32, "the server read \(sentMiB) MiB of the header before answering")
                let response = connection.read()
                #expect(response.hasPrefix("HTTP/1.1 413"), "\(response.prefix(300))")
                #expect(response.contains("PAYLOAD_TOO_LARGE"))
                // The whole test process's RSS, other suites running beside it: bounded well under the 64 MiB
                // the parser used to keep (a neighbour decoding audio moved it by +38 MiB once).
                #expect(growthMiB < 56, "resident memory grew by \(growthMiB) MiB")
                print("[multipart-header] answered after \(elapsed), \(String(format: "%.1f", sentMiB)) MiB sent, RSS +\(String(format: "%.1f", growthMiB)) MiB")
            }
        }
    }

    @Test("a non-ASCII byte in a part header name: 400, and the server lives on (it used to trap in the parser)")
    func nonASCIIHeaderName() async throws {
        try await TestApp.with("sqlite") { services, router in
            try await TestApp.application(router).test(.router) { client in
                let org = try await services.auth.admin.createOrg(name: "Upload \(UUID().uuidString.prefix(6))")
                _ = try await services.auth.admin.createUser(
                    orgId: org.id, email: "bytes@example.com", name: "Bytes", role: "operator", siteIds: [], password: "a long password")
                let token = try await services.auth.login(LoginRequest(email: "bytes@example.com", password: "a long password")).accessToken
                let body = Data("--XyZ\r\n".utf8) + Data([0xC3, 0x9A]) + Data("--XyZ--\r\n".utf8)
                let response = try await client.execute(
                    uri: "/v1/upload", method: .post,
                    headers: [.authorization: "Bearer \(token)", .contentType: "multipart/form-data; boundary=XyZ"],
                    body: ByteBuffer(bytes: body)) { $0 }
                try expectEnvelope(response, status: 400, code: APIErrorCode.validation)
                #expect(try await request(client, .get, "/v1/health", token: nil).status == .ok)
            }
        }
    }

    /// One HTTP/1.1 chunk.
    static func chunk(_ data: Data) -> Data {
        Data(String(data.count, radix: 16).utf8) + Data("\r\n".utf8) + data + Data("\r\n".utf8)
    }
}
