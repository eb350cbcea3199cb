import BackendApp
import BackendCore
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RelayAPI
import Testing
import TestSupport

/// Passwords, tokens, enrollment keys and device proofs never reach the logs, even at trace level.
@Suite("Secrets stay out of logs")
struct SecretsInLogsTests {
    @Test("a full auth session logged at trace level contains no secret")
    func noSecrets() async throws {
        let recorder = LogRecorder()
        let logger = recorder.logger()
        // Collected from inside the test client's closure (which may run concurrently), hence a locked box.
        let secrets = LogRecorder()
        try await TestApp.with("sqlite", logger: logger) { services, router in
            try await TestApp.application(router, logger: logger).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                for secret in [
                    AuthFixture.password, fixture.operatorToken, fixture.reviewerToken, fixture.adminToken, fixture.otherAdminToken,
                    fixture.deviceToken, fixture.enrollmentSecret,
                ] { secrets.append(secret) }
                let wrongPassword = "hunter2-but-wrong"
                secrets.append(wrongPassword)
                _ = try await postJSON(client, "/v1/auth/login", ["email": "nobody@example.com", "password": wrongPassword])
                let user = try await services.auth.repository.users(orgId: fixture.orgA).first { $0.role == .admin }
                let login = try decode(LoginResponse.self, try await postJSON(client, "/v1/auth/login", ["email": user?.email ?? "", "password": AuthFixture.password]))
                for secret in [login.accessToken, login.refreshToken] { secrets.append(secret) }
                let refreshed = try decode(LoginResponse.self, try await postJSON(client, "/v1/auth/refresh", ["refresh_token": login.refreshToken]))
                for secret in [refreshed.accessToken, refreshed.refreshToken] { secrets.append(secret) }
                _ = try await postJSON(client, "/v1/auth/refresh", ["refresh_token": login.refreshToken])
                let proof = try AuthFixture.proof(deviceId: fixture.deviceId, key: fixture.deviceKey, signedAt: Int64(Date().timeIntervalSince1970))
                secrets.append(proof["signature"] as? String ?? "")
                let device = try decode(DeviceAuthResponse.self, try await postJSON(client, "/v1/auth/device", proof))
                secrets.append(device.accessToken)
                _ = try await request(client, .get, "/v1/auth/me", token: device.accessToken)
                _ = try await request(client, .get, "/v1/auth/me", token: "forged.token.value")
                let key = try await postJSON(client, "/v1/admin/enrollment-keys", ["uses": 1], token: fixture.adminToken)
                if let body = try? JSONSerialization.jsonObject(with: Data(key.body.readableBytesView)) as? [String: Any],
                    let secret = body["key"] as? String
                {
                    secrets.append(secret)
                }
            }
        }
        let lines = recorder.all
        // The session was really logged (request lines, SQL at trace level), so the check below means something.
        #expect(lines.count > 50)
        #expect(lines.contains { $0.contains("request") && $0.contains("/v1/auth/login") })
        for secret in secrets.all where !secret.isEmpty {
            let leaks = lines.filter { $0.contains(secret) }
            #expect(leaks.isEmpty, "secret \(secret.prefix(12))… appears in \(leaks.count) log lines, e.g. \(leaks.first?.prefix(300) ?? "")")
        }
    }
}
