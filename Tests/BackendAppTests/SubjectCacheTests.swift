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

/// A device revoked where this server cannot see it (another process, the CLI) is refused once
/// `auth_subject_cache_seconds` have passed; one revoked where the event bus tells the server is
/// refused without waiting for that.
@Suite("auth subject cache")
struct SubjectCacheTests {
    @Test("revoked out of band: refused once the cache lifetime has passed", arguments: TestEnvironment.databaseKinds)
    func outOfBandRevocation(kind: String) async throws {
        try await TestApp.with(kind, extra: ["auth_subject_cache_seconds": "1"]) { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                #expect(try await request(client, .get, "/v1/auth/me", token: fixture.deviceToken).status == .ok)
                // As another process would: straight into the database, nobody told.
                #expect(try await services.auth.repository.revokeDevice(id: try #require(UUID(uuidString: fixture.deviceId)), orgId: fixture.orgA, at: Date()))
                try await Task.sleep(for: .milliseconds(1100))
                let me = try await request(client, .get, "/v1/auth/me", token: fixture.deviceToken)
                #expect(me.status == .unauthorized)
                #expect(errorCode(me) == "DEVICE_REVOKED")
            }
        }
    }

    @Test("revoked out of band and announced on the event bus: refused long before the cache lifetime", arguments: TestEnvironment.databaseKinds)
    func announcedRevocation(kind: String) async throws {
        // A minute's lifetime: a refusal within the 20 s below can only come from the bus message.
        try await TestApp.with(kind, extra: ["auth_subject_cache_seconds": "60"]) { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                let listener = Task { try await SubjectCacheInvalidationService(bus: services.bus, subjects: services.auth.subjects).run() }
                defer { listener.cancel() }
                let deviceId = try #require(UUID(uuidString: fixture.deviceId))
                #expect(try await request(client, .get, "/v1/auth/me", token: fixture.deviceToken).status == .ok)
                #expect(try await services.auth.repository.revokeDevice(id: deviceId, orgId: fixture.orgA, at: Date()))
                #expect(try await request(client, .get, "/v1/auth/me", token: fixture.deviceToken).status == .ok,
                    "cached: nobody told this server yet")
                let told = ContinuousClock.now
                var refused = false
                while !refused, ContinuousClock.now - told < .seconds(20) {
                    // Published until it lands: the listener may subscribe after the first message.
                    await services.bus.publish(ConfirmedSubjectCache.channel, ConfirmedSubjectCache.message(forgetting: deviceId))
                    try await Task.sleep(for: .milliseconds(50))
                    refused = try await request(client, .get, "/v1/auth/me", token: fixture.deviceToken).status == .unauthorized
                }
                #expect(refused, "the bus message made the server read the device again")
            }
        }
    }
}
