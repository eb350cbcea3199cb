import AsyncHTTPClient
import BackendApp
import BackendCore
import Crypto
import Foundation
import HummingbirdWSClient
import Logging
import NIOWebSocket
import RelayAPI
import Testing
import TestSupport

/// A WebSocket lives no longer than the credentials that opened it: the server closes it with 1008
/// (policy violation) and a reason once the token's `exp` passes, or once a re-check finds the device
/// revoked. Real server, real sockets; the re-check runs every second here (`websocket_auth_recheck_seconds`).
@Suite("WebSockets end with their credentials", .serialized)
struct WebSocketAuthTests {
    /// An org with a site, an admin and an enrolled device, on a live server.
    struct World: Sendable {
        let base: String
        let services: AppServices
        let adminToken: String
        let deviceId: String
        let deviceToken: String
    }

    static func serve(
        _ kind: String, adjust: @escaping (inout BackendConfiguration) -> Void = { _ in },
        _ body: @escaping @Sendable (World) async throws -> Void
    ) async throws {
        let port = freeLoopbackPort()
        let keys = ["port": "\(port)", "public_url": "http://127.0.0.1:\(port)", "websocket_auth_recheck_seconds": "1"]
        try await TestApp.with(kind, extra: keys, adjust: adjust) { services, router in
            let admin = services.auth.admin
            let org = try await admin.createOrg(name: "WS \(UUID().uuidString.prefix(6))")
            let site = try await admin.createSite(orgId: org.id, name: "Room")
            let email = "admin-\(UUID().uuidString.prefix(6))@example.com"
            _ = try await admin.createUser(orgId: org.id, email: email, name: "Admin", role: "admin", siteIds: [], password: "a good long password")
            let adminToken = try await services.auth.login(LoginRequest(email: email, password: "a good long password")).accessToken
            let (_, secret) = try await admin.createEnrollmentKey(orgId: org.id, siteId: site.id, uses: 1, expiresIn: nil)
            let device = try await services.auth.deviceAuth(DeviceAuthRequest(
                orgId: org.id.uuidString, platform: "edge", model: "Room Box", appVersion: "1.0", enrollmentKey: secret,
                publicKey: TestJWT.base64URL(Curve25519.Signing.PrivateKey().publicKey.rawRepresentation)))
            try await TestApp.serve(router, port: port) { base in
                try await body(World(
                    base: base, services: services, adminToken: adminToken, deviceId: device.deviceId, deviceToken: device.accessToken))
            }
        }
    }

    /// Opens the WebSocket at `path` with `token`, yields to `opened` once upgraded, reads until the server
    /// closes it and returns the server's close frame. Throws if it is still open after `timeout`.
    static func closeFrame(
        _ base: String, _ path: String, token: String, opened: AsyncStream<Void>.Continuation? = nil,
        timeout: Duration = .seconds(120)
    ) async throws -> WebSocketCloseFrame? {
        let url = base.replacingOccurrences(of: "http://", with: "ws://") + path
        return try await withThrowingTaskGroup(of: WebSocketCloseFrame?.self) { group in
            group.addTask {
                try await WebSocketClient.connect(
                    url: url, configuration: .init(additionalHeaders: [.authorization: "Bearer \(token)"]), logger: Logger(label: "ws-auth")
                ) { inbound, _, _ in
                    opened?.yield()
                    for try await _ in inbound {}
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw MissingTestService("the server kept \(path) open for \(timeout)")
            }
            let frame = try await group.next() ?? nil
            group.cancelAll()
            return frame
        }
    }

    @Test("a user's token expires while the session event socket is open: closed with 1008", arguments: TestEnvironment.databaseKinds)
    func expiry(kind: String) async throws {
        // A 5-second user token, through the existing lifetime setting (there is no key for it).
        try await Self.serve(kind, adjust: { $0.auth.userTokenLifetime = 5 }) { world in
            let admin = world.services.auth.admin
            let org = try await admin.createOrg(name: "Short \(UUID().uuidString.prefix(6))")
            _ = try await admin.createUser(orgId: org.id, email: "brief@example.com", name: "Brief", role: "operator", siteIds: [], password: "a good long password")
            let token = try await world.services.auth.login(LoginRequest(email: "brief@example.com", password: "a good long password")).accessToken
            let expiresAt = try #require(TestJWT.payload(token)["exp"] as? Int)
            let session = try await MulticamClient(base: world.base, token: token).createSession()

            let frame = try await Self.closeFrame(world.base, "/v2/sessions/\(session)/events", token: token)
            #expect(Date().timeIntervalSince1970 >= Double(expiresAt), "not before the token's exp")
            #expect(frame?.closeCode == .policyViolation)
            #expect(frame?.reason?.contains("expired") == true, "\(String(describing: frame?.reason))")
        }
    }

    @Test("a device revoked while its video status socket is open: closed with 1008", arguments: TestEnvironment.databaseKinds)
    func revocation(kind: String) async throws {
        try await Self.serve(kind) { world in
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("relay-ws-\(UUID().uuidString).mp4")
            try Data((0..<20_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            // No worker runs here, so the video stays UPLOADED and its status socket stays open.
            let uploaded = try await VideoClient(base: world.base, token: world.deviceToken).upload(file)
            let videoId = try #require(uploaded.videoId)

            let (opened, signal) = AsyncStream<Void>.makeStream()
            let frame = try await withThrowingTaskGroup(of: WebSocketCloseFrame??.self) { group in
                group.addTask {
                    try await Self.closeFrame(world.base, "/v1/video/\(videoId)/status/stream", token: world.deviceToken, opened: signal)
                }
                group.addTask {
                    for await _ in opened { break }
                    var revoke = HTTPClientRequest(url: world.base + "/v1/admin/devices/\(world.deviceId)/revoke")
                    revoke.method = .POST
                    revoke.headers.add(name: "Authorization", value: "Bearer \(world.adminToken)")
                    let response = try await HTTPClient.shared.execute(revoke, timeout: .seconds(30))
                    #expect(response.status == .ok)
                    return nil
                }
                var closed: WebSocketCloseFrame??
                for try await result in group where result != nil { closed = result }
                return closed ?? nil
            }
            #expect(frame?.closeCode == .policyViolation)
            #expect(frame?.reason?.contains("revoked") == true, "\(String(describing: frame?.reason))")
        }
    }
}
