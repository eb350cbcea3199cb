@testable import BackendApp
import BackendCore
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RelayAPI
import Testing
import TestSupport

/// A device revoked where this server cannot see it (another process, the CLI) is refused within
/// `auth_subject_cache_seconds`; one revoked where the event bus tells the server is refused at once.
@Suite("auth subject cache")
struct SubjectCacheTests {
    @Test("revoked out of band: refused within the cache lifetime; told over the bus: refused at once", arguments: TestEnvironment.databaseKinds)
    func outOfBandRevocation(kind: String) async throws {
        try await TestApp.with(kind, extra: ["auth_subject_cache_seconds": "1"]) { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                #expect(try await request(client, .get, "/v1/auth/me", token: fixture.deviceToken).status == .ok)
                // As another process would: straight into the database, nobody told.
                #expect(try await services.auth.repository.revokeDevice(id: try #require(UUID(uuidString: fixture.deviceId)), orgId: fixture.orgA, at: Date()))
                let revokedAt = ContinuousClock.now
                var status = HTTPResponse.Status.ok
                while status == .ok, ContinuousClock.now - revokedAt < .seconds(5) {
                    status = try await request(client, .get, "/v1/auth/me", token: fixture.deviceToken).status
                    if status == .ok { try await Task.sleep(for: .milliseconds(50)) }
                }
                #expect(status == .unauthorized)
                #expect(ContinuousClock.now - revokedAt < .milliseconds(1500), "refused within the 1 s lifetime")

                // A second device, warm in the cache, revoked out of band and announced on the bus.
                let listener = Task { try await SubjectCacheInvalidationService(bus: services.bus, subjects: services.auth.subjects).run() }
                defer { listener.cancel() }
                let enrolled = try await postJSON(
                    client, "/v1/auth/device", AuthFixture.enrollment(org: fixture.orgA, secret: fixture.enrollmentSecret, key: Curve25519.Signing.PrivateKey()))
                let second = try decode(DeviceAuthResponse.self, enrolled)
                let (deviceId, token) = (try #require(UUID(uuidString: second.deviceId)), second.accessToken)
                #expect(try await request(client, .get, "/v1/auth/me", token: token).status == .ok)
                #expect(try await services.auth.repository.revokeDevice(id: deviceId, orgId: fixture.orgA, at: Date()))
                try await Task.sleep(for: .milliseconds(100))
                await services.bus.publish(ConfirmedSubjectCache.channel, ConfirmedSubjectCache.message(forgetting: deviceId))
                let told = ContinuousClock.now
                var refused = false
                while !refused, ContinuousClock.now - told < .milliseconds(900) {
                    refused = try await request(client, .get, "/v1/auth/me", token: token).status == .unauthorized
                    if !refused { try await Task.sleep(for: .milliseconds(20)) }
                }
                #expect(refused, "refused before the 1 s lifetime ran out: the bus message did it")
            }
        }
    }
}
