import AsyncHTTPClient
import BackendApp
import BackendCore
import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import RelayAPI
import RelayMedia
import ServiceLifecycle
import Testing
import TestSupport

/// Seed 001 end to end, on each blob store: a live server with its worker, real JPEG/HEIC files, and a
/// plain HTTP client doing what the agent does (presign → PUT → upload_complete → processed → publish).
@Suite("Photo capture end to end", .serialized)
struct CaptureEndToEndTests {
    static var stores: [String] { ["local", "s3"] }

    /// Store-specific configuration; S3 comes from the services `scripts/test.sh` starts.
    static func storeConfiguration(_ store: String) throws -> [String: String] {
        guard store == "s3" else { return [:] }
        let env = ProcessInfo.processInfo.environment
        guard let endpoint = env["RELAY_TEST_S3_ENDPOINT"] else {
            throw MissingTestService("RELAY_TEST_S3_ENDPOINT is not set (run the tests via scripts/test.sh)")
        }
        return [
            "blob_store": "s3", "s3_endpoint": endpoint, "s3_region": env["RELAY_TEST_S3_REGION"] ?? "us-east-1",
            "s3_bucket": env["RELAY_TEST_S3_BUCKET"] ?? "relay-test", "s3_access_key_id": env["RELAY_TEST_S3_ACCESS_KEY"] ?? "",
            "s3_secret_access_key": env["RELAY_TEST_S3_SECRET_KEY"] ?? "",
        ]
    }

    static var s3Available: Bool {
        ProcessInfo.processInfo.environment["RELAY_TEST_S3_ENDPOINT"] != nil || TestEnvironment.servicesRequired
    }

    struct World: Sendable {
        let base: String
        let services: AppServices
        let orgId: UUID
        let siteId: UUID
        let deviceToken: String
        let operatorToken: String
        let reviewerToken: String
    }

    /// A live server (with its job worker) on `store`, an org with a device, an operator and a reviewer.
    static func withWorld(_ store: String, _ body: @escaping @Sendable (World) async throws -> Void) async throws {
        let port = freeLoopbackPort()
        var extra = try storeConfiguration(store)
        extra["port"] = "\(port)"
        extra["public_url"] = "http://127.0.0.1:\(port)"
        try await TestApp.with("sqlite", extra: extra) { services, router in
            let admin = services.auth.admin
            let org = try await admin.createOrg(name: "E2E \(UUID().uuidString.prefix(6))")
            let site = try await admin.createSite(orgId: org.id, name: "Turntable")
            var tokens: [String: String] = [:]
            for role in ["operator", "reviewer"] {
                let email = "\(role)-\(UUID().uuidString.prefix(6))@example.com"
                _ = try await admin.createUser(orgId: org.id, email: email, name: role, role: role, siteIds: [], password: "a good long password")
                tokens[role] = try await services.auth.login(LoginRequest(email: email, password: "a good long password")).accessToken
            }
            let (_, secret) = try await admin.createEnrollmentKey(orgId: org.id, siteId: site.id, uses: 1, expiresIn: nil)
            let deviceKey = Curve25519.Signing.PrivateKey()
            let device = try await services.auth.deviceAuth(DeviceAuthRequest(
                orgId: org.id.uuidString, platform: "edge", model: "Studio Box", appVersion: "1.0", enrollmentKey: secret,
                publicKey: TestJWT.base64URL(deviceKey.publicKey.rawRepresentation)))
            let worker = JobWorkerService(
                queue: services.jobQueue, handlers: JobHandlerRegistry.standard(services: services),
                configuration: JobWorkerConfiguration(concurrency: 2, pollInterval: .milliseconds(50)), workerId: "e2e",
                logger: TestDatabase.logger)
            let world = World(
                base: "http://127.0.0.1:\(port)", services: services, orgId: org.id, siteId: site.id, deviceToken: device.accessToken,
                operatorToken: tokens["operator"]!, reviewerToken: tokens["reviewer"]!)
            try await TestApp.serve(router, port: port) { _ in
                try await worker.running { try await body(world) }
            }
        }
    }

    // MARK: HTTP, as a plain client

    static func call(_ method: HTTPMethod, _ url: String, token: String? = nil, json: Any? = nil, body: Data? = nil, headers: [String: String] = [:])
        async throws -> (status: Int, body: Data)
    {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json)))
        } else if let body {
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        return (Int(response.status.code), Data(bytes.readableBytesView))
    }

    static func object(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func sha256(_ data: Data) -> String { SecretToken.hex(SHA256.hash(data: data)) }

    /// Presigns and PUTs `bytes` (declared with `sha`), returning the image id and the PUT status.
    static func upload(_ world: World, session: String, bytes: Data, sha: String? = nil, contentType: String = "image/jpeg", angle: Double? = nil)
        async throws -> (imageId: String, putStatus: Int)
    {
        var request: [String: Any] = [
            "session_id": session, "file_name": "IMG.jpg", "content_type": contentType, "content_sha256": sha ?? sha256(bytes),
        ]
        if let angle { request["angle_deg"] = angle }
        let presigned = try await call(.POST, world.base + "/v1/presign", token: world.deviceToken, json: request)
        #expect(presigned.status == 200)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let answer = try decoder.decode(PresignResponse.self, from: presigned.body)
        let put = try await call(.PUT, answer.uploadURL, body: bytes, headers: answer.headers)
        return (answer.imageId, put.status)
    }

    static func newSession(_ world: World) async throws -> String {
        let response = try await call(.POST, world.base + "/v1/sessions", token: world.deviceToken, json: [
            "site_id": world.siteId.uuidString, "vehicle": ["vin": "1HGCM82633A123456"], "mode": "studio360",
            "shot_list": ["studio360": ["frame_count": 24]],
        ])
        #expect(response.status == 201)
        return try object(response.body)["id"] as? String ?? ""
    }

    static func reportUploads(_ world: World, _ ids: [String]) async throws -> Int {
        let events = ids.map { ["entity_type": "image", "entity_id": $0, "type": "upload_complete"] }
        return try await call(.POST, world.base + "/v1/events", token: world.deviceToken, json: ["events": events]).status
    }

    /// Polls an image until it leaves pending/processing (60 s at most).
    static func settled(_ world: World, _ id: String) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(60)
        while true {
            let detail = try object(try await call(.GET, world.base + "/v1/images/\(id)", token: world.operatorToken).body)
            let status = detail["status"] as? String ?? ""
            if !["pending", "processing"].contains(status) || ContinuousClock.now > deadline { return detail }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}
