import AsyncHTTPClient
import BackendApp
import BackendCore
import Foundation
import NIOCore
import RelayAPI
import Testing
import TestSupport

/// Each seed's client unmodified, over real HTTP and WebSocket, at the base its seed names: seed 003 at the
/// root (`/upload`, `/video/{id}/status/stream`, `/stream/…`), seeds 002 and 004 at `/api/v1` (health; login
/// and `me`). The handlers are `/v1`'s (`SeedBasePaths`).
@Suite("Each seed's client at its own base path")
struct SeedBasePathTests {
    static let password = "a good long password"

    /// A live server with an org and an operator; `body` gets the base URL, the operator's email and token.
    static func serve(_ body: @escaping @Sendable (_ base: String, _ email: String, _ token: String) async throws -> Void) async throws {
        let port = freeLoopbackPort()
        try await TestApp.with("sqlite", extra: ["port": "\(port)", "public_url": "http://127.0.0.1:\(port)"]) { services, router in
            let org = try await services.auth.admin.createOrg(name: "Seeds \(UUID().uuidString.prefix(6))")
            let email = "operator-\(UUID().uuidString.prefix(6).lowercased())@example.com"
            _ = try await services.auth.admin.createUser(
                orgId: org.id, email: email, name: "Operator", role: "operator", siteIds: [], password: password)
            let token = try await services.auth.login(LoginRequest(email: email, password: password)).accessToken
            try await TestApp.serve(router, port: port) { base in try await body(base, email, token) }
        }
    }

    /// GET, or POST of `json`; status, headers (lowercased names) and the body as JSON when it is an object.
    static func send(
        _ url: String, token: String? = nil, json: [String: String]? = nil
    ) async throws -> (status: Int, headers: [String: String], object: [String: Any]?, text: String) {
        var request = HTTPClientRequest(url: url)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let json {
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json)))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = Data(try await response.body.collect(upTo: 1 << 20).readableBytesView)
        var headers: [String: String] = [:]
        for header in response.headers { headers[header.name.lowercased()] = header.value }
        return (
            Int(response.status.code), headers, try? JSONSerialization.jsonObject(with: bytes) as? [String: Any],
            String(decoding: bytes, as: UTF8.self)
        )
    }

    @Test("seed 002: GET /api/v1/health answers as /v1/health, never rate limited")
    func seed002Health() async throws {
        try await Self.serve { base, _, _ in
            let health = try await Self.send(base + "/api/v1/health")
            #expect(health.status == 200, "\(health.text)")
            #expect(health.object?["status"] as? String == "ok")
            #expect(health.headers["x-ratelimit-limit"] == nil, "health is never limited, at any base")
        }
    }

    @Test("seed 004: POST /api/v1/auth/login, then GET /api/v1/auth/me with its token")
    func seed004LoginAndMe() async throws {
        try await Self.serve { base, email, _ in
            let login = try await Self.send(base + "/api/v1/auth/login", json: ["email": email, "password": Self.password])
            #expect(login.status == 200, "\(login.text)")
            #expect(login.object?["token_type"] as? String == "Bearer")
            #expect((login.object?["expires_in"] as? Int ?? 0) > 0)
            #expect(login.object?["refresh_token"] is String)
            // The per-IP limit of the password routes, not the default one: the same rule as /v1/auth/login.
            #expect(login.headers["x-ratelimit-limit"] == "60")
            let token = try #require(login.object?["access_token"] as? String)
            let me = try await Self.send(base + "/api/v1/auth/me", token: token)
            #expect(me.status == 200, "\(me.text)")
            #expect(me.object?["email"] as? String == email)
            #expect(try await Self.send(base + "/api/v1/auth/me").status == 401, "me needs a token at every base")
        }
    }

    @Test("seed 003: POST /upload, the status WebSocket at /video/{id}/status/stream, GET /stream/ready and /stream/{id}/manifest")
    func seed003AtRoot() async throws {
        try await Self.serve { base, _, token in
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("relay-seed003-\(UUID().uuidString).mp4")
            // Over the 1 MiB API body limit: the root upload gets the video limit, as /v1/upload does.
            try Data((0..<1_500_000).map { UInt8(truncatingIfNeeded: $0 &* 13) }).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let client = VideoClient(base: base, token: token, basePath: "")
            let uploaded = try await client.upload(file)
            #expect(uploaded.status == 201)
            let videoId = try #require(uploaded.videoId)

            // No worker runs here: the socket sends the current state (UPLOADED) at once; the client closes.
            let status = try await client.followStatus(videoId, timeout: .seconds(60)) { _ in true }
            #expect(status.messages.first?["videoId"] == videoId)
            #expect(status.messages.first?["state"] == "UPLOADED")

            let ready = try await Self.send(base + "/stream/ready", token: token)
            #expect(ready.status == 200 && ready.text == "[]", "\(ready.status) \(ready.text)")
            let manifest = try await Self.send(base + "/stream/\(videoId)/manifest", token: token)
            #expect(manifest.status == 409, "not ready yet: \(manifest.text)")
            #expect(try await Self.send(base + "/stream/ready").status == 401, "the root paths need a token as /v1's do")
        }
    }
}
