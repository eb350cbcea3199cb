import BackendApp
import BackendCore
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import RelayAPI
import Testing
import TestSupport

/// Two orgs with users of every role, an enrolled device and tokens for each, set up through the real
/// services and HTTP API.
struct AuthFixture: Sendable {
    let services: AppServices
    let orgA: UUID
    let siteA: UUID
    let orgB: UUID
    let operatorToken: String
    let reviewerToken: String
    let adminToken: String
    let otherAdminToken: String
    let deviceToken: String
    let deviceId: String
    let deviceKey: Curve25519.Signing.PrivateKey
    let enrollmentSecret: String
    static let password = "correct horse battery staple"

    static func make(_ services: AppServices, _ client: some TestClientProtocol) async throws -> AuthFixture {
        let admin = services.auth.admin
        let orgA = try await admin.createOrg(name: "Org A \(UUID().uuidString.prefix(6))")
        let siteA = try await admin.createSite(orgId: orgA.id, name: "Main Studio")
        let orgB = try await admin.createOrg(name: "Org B \(UUID().uuidString.prefix(6))")
        var tokens: [String: String] = [:]
        for (role, org) in [("operator", orgA.id), ("reviewer", orgA.id), ("admin", orgA.id), ("other-admin", orgB.id)] {
            let email = "\(role)-\(UUID().uuidString.prefix(6))@example.com"
            _ = try await admin.createUser(
                orgId: org, email: email, name: role, role: role == "other-admin" ? "admin" : role,
                siteIds: role == "operator" ? [siteA.id] : [], password: password)
            let response = try await postJSON(client, "/v1/auth/login", ["email": email, "password": password])
            #expect(response.status == .ok)
            tokens[role] = try decode(LoginResponse.self, response).accessToken
        }
        let (_, secret) = try await admin.createEnrollmentKey(orgId: orgA.id, siteId: siteA.id, uses: 50, expiresIn: 3600)
        let key = Curve25519.Signing.PrivateKey()
        let enrolled = try await postJSON(client, "/v1/auth/device", enrollment(org: orgA.id, secret: secret, key: key))
        #expect(enrolled.status == .ok)
        let device = try decode(DeviceAuthResponse.self, enrolled)
        return AuthFixture(
            services: services, orgA: orgA.id, siteA: siteA.id, orgB: orgB.id, operatorToken: tokens["operator"]!,
            reviewerToken: tokens["reviewer"]!, adminToken: tokens["admin"]!, otherAdminToken: tokens["other-admin"]!,
            deviceToken: device.accessToken, deviceId: device.deviceId, deviceKey: key, enrollmentSecret: secret)
    }

    static func enrollment(org: UUID, secret: String, key: Curve25519.Signing.PrivateKey) -> [String: Any] {
        [
            "org_id": org.uuidString, "platform": "edge", "model": "Studio Box", "app_version": "1.0.0",
            "enrollment_key": secret, "public_key": TestJWT.base64URL(key.publicKey.rawRepresentation),
        ]
    }

    /// A device refresh body signed with `key`.
    static func proof(deviceId: String, key: Curve25519.Signing.PrivateKey, signedAt: Int64) throws -> [String: Any] {
        let message = DeviceAuthRequest.proofMessage(deviceId: deviceId, signedAt: signedAt)
        return ["device_id": deviceId, "signed_at": signedAt, "signature": TestJWT.base64URL(try key.signature(for: Data(message.utf8)))]
    }
}

func postJSON(_ client: some TestClientProtocol, _ uri: String, _ body: [String: Any], token: String? = nil) async throws -> TestResponse {
    var headers: HTTPFields = [.contentType: "application/json"]
    if let token { headers[.authorization] = "Bearer \(token)" }
    let data = try JSONSerialization.data(withJSONObject: body)
    return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(bytes: data)) { $0 }
}

func request(_ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, token: String?) async throws -> TestResponse {
    var headers: HTTPFields = [:]
    if let token { headers[.authorization] = "Bearer \(token)" }
    if method == .post { headers[.contentType] = "application/json" }
    return try await client.execute(uri: uri, method: method, headers: headers, body: method == .post ? ByteBuffer(string: "{}") : nil) { $0 }
}

func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    return try decoder.decode(T.self, from: Data(response.body.readableBytesView))
}

func errorCode(_ response: TestResponse) -> APIErrorCode? {
    (try? JSONDecoder().decode(ErrorEnvelope.self, from: Data(response.body.readableBytesView)))?.error.code
}
