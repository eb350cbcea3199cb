import BackendApp
import BackendCore
import BackendStore
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import RelayAPI
import Testing
import TestSupport

/// Login, refresh rotation, device enrollment and refresh, registration and key rotation, on both databases.
@Suite("Auth flows")
struct AuthFlowTests {
    @Test("password login issues an 8-hour ES256 token with the seed's claims; JWKS and /me agree", arguments: TestEnvironment.databaseKinds)
    func passwordLogin(kind: String) async throws {
        try await TestApp.with(kind) { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                let token = fixture.operatorToken
                let claims = TestJWT.payload(token)
                #expect(claims["org_id"] as? String == fixture.orgA.uuidString.lowercased())
                #expect(claims["role"] as? String == "operator")
                #expect(claims["site_ids"] as? [String] == [fixture.siteA.uuidString.lowercased()])
                #expect(claims["aud"] as? String == "relay" || (claims["aud"] as? [String]) == ["relay"])
                #expect(claims["typ"] as? String == "access")
                let exp = try #require(claims["exp"] as? Double), iat = try #require(claims["iat"] as? Double)
                #expect(exp - iat == 28_800)
                let headerJSON = try #require(Base64URL.decode(String(token.split(separator: ".")[0])))
                let tokenHeader = try #require(try JSONSerialization.jsonObject(with: headerJSON) as? [String: Any])
                #expect(tokenHeader["alg"] as? String == "ES256")
                let kid = try #require(tokenHeader["kid"] as? String)

                let jwks = try await request(client, .get, "/v1/auth/jwks", token: nil)
                #expect(jwks.status == .ok)
                #expect(String(buffer: jwks.body).contains(kid))

                let me = try await request(client, .get, "/v1/auth/me", token: token)
                #expect(me.status == .ok)
                let profile = try decode(MeResponse.self, me)
                #expect(profile.kind == "user")
                #expect(profile.role == "operator")
                #expect(profile.orgId == fixture.orgA.uuidString.lowercased())

                let deviceMe = try decode(MeResponse.self, try await request(client, .get, "/v1/auth/me", token: fixture.deviceToken))
                #expect(deviceMe.kind == "device")
                #expect(deviceMe.siteIds == [fixture.siteA.uuidString.lowercased()])
                let deviceClaims = TestJWT.payload(fixture.deviceToken)
                #expect(deviceClaims["role"] as? String == "device")
                #expect(deviceClaims["site_id"] as? String == fixture.siteA.uuidString.lowercased())
                #expect((deviceClaims["exp"] as? Double ?? 0) - (deviceClaims["iat"] as? Double ?? 0) == 2_592_000)
            }
        }
    }

    @Test("refresh tokens rotate; reusing a spent one revokes the whole family", arguments: TestEnvironment.databaseKinds)
    func refreshRotation(kind: String) async throws {
        try await TestApp.with(kind) { services, router in
            try await TestApp.application(router).test(.router) { client in
                let org = try await services.auth.admin.createOrg(name: "Refresh Org")
                _ = try await services.auth.admin.createUser(
                    orgId: org.id, email: "r@example.com", name: "R", role: "reviewer", siteIds: [], password: AuthFixture.password)
                let login = try decode(LoginResponse.self, try await postJSON(client, "/v1/auth/login", ["email": "r@example.com", "password": AuthFixture.password]))
                #expect(login.refreshToken.hasPrefix("rt_"))
                #expect(login.expiresIn == 28_800)
                let second = try await postJSON(client, "/v1/auth/refresh", ["refresh_token": login.refreshToken])
                #expect(second.status == .ok)
                let rotated = try decode(LoginResponse.self, second)
                #expect(rotated.refreshToken != login.refreshToken)
                #expect(try await request(client, .get, "/v1/auth/me", token: rotated.accessToken).status == .ok)

                // Replay of the spent token: refused, and the newer token of the same family dies with it.
                let replay = try await postJSON(client, "/v1/auth/refresh", ["refresh_token": login.refreshToken])
                #expect(replay.status == .unauthorized)
                #expect(errorCode(replay) == "REFRESH_TOKEN_REUSED")
                let familyGone = try await postJSON(client, "/v1/auth/refresh", ["refresh_token": rotated.refreshToken])
                #expect(familyGone.status == .unauthorized)
                #expect(errorCode(familyGone) == "REFRESH_TOKEN_REUSED")
                let unknown = try await postJSON(client, "/v1/auth/refresh", ["refresh_token": "rt_nope"])
                #expect(errorCode(unknown) == "REFRESH_TOKEN_INVALID")

                // Logout revokes a fresh family.
                let fresh = try decode(LoginResponse.self, try await postJSON(client, "/v1/auth/login", ["email": "r@example.com", "password": AuthFixture.password]))
                let logout = try await postJSON(client, "/v1/auth/logout", ["refresh_token": fresh.refreshToken])
                #expect(logout.status == .noContent)
                #expect(try await postJSON(client, "/v1/auth/refresh", ["refresh_token": fresh.refreshToken]).status == .unauthorized)
            }
        }
    }

    @Test("device enrollment keys: expired, used up, revoked, wrong org are refused", arguments: TestEnvironment.databaseKinds)
    func enrollmentKeys(kind: String) async throws {
        try await TestApp.with(kind) { services, router in
            try await TestApp.application(router).test(.router) { client in
                let admin = services.auth.admin
                let org = try await admin.createOrg(name: "Keys Org")
                let other = try await admin.createOrg(name: "Other Keys Org")
                let key = Curve25519.Signing.PrivateKey()
                let (_, once) = try await admin.createEnrollmentKey(orgId: org.id, siteId: nil, uses: 1, expiresIn: nil)
                #expect(try await postJSON(client, "/v1/auth/device", AuthFixture.enrollment(org: org.id, secret: once, key: key)).status == .ok)
                let usedUp = try await postJSON(client, "/v1/auth/device", AuthFixture.enrollment(org: org.id, secret: once, key: key))
                #expect(usedUp.status == .unauthorized)
                #expect(errorCode(usedUp) == "ENROLLMENT_KEY_EXHAUSTED")

                let (expiringRecord, expiring) = try await admin.createEnrollmentKey(orgId: org.id, siteId: nil, uses: 5, expiresIn: 1)
                _ = expiringRecord
                try await Task.sleep(for: .milliseconds(1100))
                let expired = try await postJSON(client, "/v1/auth/device", AuthFixture.enrollment(org: org.id, secret: expiring, key: key))
                #expect(errorCode(expired) == "ENROLLMENT_KEY_EXPIRED")

                let (revokedRecord, revoked) = try await admin.createEnrollmentKey(orgId: org.id, siteId: nil, uses: 5, expiresIn: nil)
                #expect(try await services.auth.repository.revokeEnrollmentKey(id: revokedRecord.id, orgId: org.id, at: Date()))
                let refused = try await postJSON(client, "/v1/auth/device", AuthFixture.enrollment(org: org.id, secret: revoked, key: key))
                #expect(errorCode(refused) == "ENROLLMENT_KEY_REVOKED")

                let (_, good) = try await admin.createEnrollmentKey(orgId: org.id, siteId: nil, uses: 5, expiresIn: nil)
                let wrongOrg = try await postJSON(client, "/v1/auth/device", AuthFixture.enrollment(org: other.id, secret: good, key: key))
                #expect(errorCode(wrongOrg) == "ENROLLMENT_KEY_INVALID")
                let made = try await postJSON(client, "/v1/auth/device", AuthFixture.enrollment(org: org.id, secret: "rk_made_up", key: key))
                #expect(errorCode(made) == "ENROLLMENT_KEY_INVALID")
                var badKey = AuthFixture.enrollment(org: org.id, secret: good, key: key)
                badKey["public_key"] = "too-short"
                #expect(errorCode(try await postJSON(client, "/v1/auth/device", badKey)) == APIErrorCode.validation)
                var badPlatform = AuthFixture.enrollment(org: org.id, secret: good, key: key)
                badPlatform["platform"] = "toaster"
                #expect(errorCode(try await postJSON(client, "/v1/auth/device", badPlatform)) == APIErrorCode.validation)
                // None of the refused attempts used up the good key.
                #expect(try await services.auth.repository.enrollmentKey(secretHash: SecretToken.hash(good))?.usesLeft == 5)
            }
        }
    }

    @Test("device refresh needs a fresh proof signed by the enrolled key; revoked devices get 401 everywhere", arguments: TestEnvironment.databaseKinds)
    func deviceRefreshAndRevocation(kind: String) async throws {
        try await TestApp.with(kind) { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                let now = Int64(Date().timeIntervalSince1970)
                let refreshed = try await postJSON(client, "/v1/auth/device", try AuthFixture.proof(deviceId: fixture.deviceId, key: fixture.deviceKey, signedAt: now))
                #expect(refreshed.status == .ok)
                let token = try decode(DeviceAuthResponse.self, refreshed)
                #expect(token.deviceId == fixture.deviceId)
                #expect(try await request(client, .get, "/v1/auth/me", token: token.accessToken).status == .ok)

                let replayed = try await postJSON(client, "/v1/auth/device", try AuthFixture.proof(deviceId: fixture.deviceId, key: fixture.deviceKey, signedAt: now))
                #expect(errorCode(replayed) == "DEVICE_PROOF_REPLAYED")
                let stale = try await postJSON(client, "/v1/auth/device", try AuthFixture.proof(deviceId: fixture.deviceId, key: fixture.deviceKey, signedAt: now - 3600))
                #expect(errorCode(stale) == "DEVICE_PROOF_STALE")
                let impostor = try await postJSON(client, "/v1/auth/device", try AuthFixture.proof(deviceId: fixture.deviceId, key: Curve25519.Signing.PrivateKey(), signedAt: now + 1))
                #expect(errorCode(impostor) == "DEVICE_PROOF_INVALID")

                let revoke = try await request(client, .post, "/v1/admin/devices/\(fixture.deviceId)/revoke", token: fixture.adminToken)
                #expect(revoke.status == .ok)
                for revokedToken in [fixture.deviceToken, token.accessToken] {
                    let me = try await request(client, .get, "/v1/auth/me", token: revokedToken)
                    #expect(me.status == .unauthorized)
                    #expect(errorCode(me) == "DEVICE_REVOKED")
                }
                let afterRevoke = try await postJSON(client, "/v1/auth/device", try AuthFixture.proof(deviceId: fixture.deviceId, key: fixture.deviceKey, signedAt: now + 2))
                #expect(errorCode(afterRevoke) == "DEVICE_REVOKED")
            }
        }
    }

    @Test("wrong password and unknown email answer alike")
    func noUserEnumeration() async throws {
        try await TestApp.with("sqlite") { services, router in
            try await TestApp.application(router).test(.router) { client in
                let org = try await services.auth.admin.createOrg(name: "Enum Org")
                _ = try await services.auth.admin.createUser(orgId: org.id, email: "known@example.com", name: "K", role: "operator", siteIds: [], password: AuthFixture.password)
                let wrong = try await postJSON(client, "/v1/auth/login", ["email": "known@example.com", "password": "not the password"])
                let unknown = try await postJSON(client, "/v1/auth/login", ["email": "nobody@example.com", "password": "not the password"])
                #expect(wrong.status == .unauthorized)
                #expect(unknown.status == .unauthorized)
                let a = try decode(ErrorEnvelope.self, wrong), b = try decode(ErrorEnvelope.self, unknown)
                #expect(a.error.code == "INVALID_CREDENTIALS")
                #expect(a.error.code == b.error.code)
                #expect(a.error.message == b.error.message)
                #expect(!a.error.message.contains("known@example.com"))
                let missing = try await postJSON(client, "/v1/auth/login", ["email": "known@example.com"])
                #expect(errorCode(missing) == APIErrorCode.validation)
            }
        }
    }

    @Test("registration is off unless configured; on, it creates an operator of that org")
    func registration() async throws {
        try await TestApp.with("sqlite") { _, router in
            try await TestApp.application(router).test(.router) { client in
                let off = try await postJSON(client, "/v1/auth/register", ["email": "new@example.com", "password": AuthFixture.password, "full_name": "New"])
                #expect(off.status == .forbidden)
                #expect(errorCode(off) == "REGISTRATION_DISABLED")
            }
        }
        let (settings, cleanup) = try await TestDatabase.settings("sqlite")
        let bootstrap = try await RelayDatabase.open(settings, logger: TestDatabase.logger)
        try await bootstrap.migrate()
        let org = try await AdminService(repository: FluentAdminRepository(database: bootstrap)).createOrg(name: "Open Org")
        await bootstrap.shutdown()
        guard case .sqlite(let path) = settings else { return }
        try await TestApp.with("sqlite", extra: ["registration_org_id": org.id.uuidString, "database_url": "sqlite:" + path]) { _, router in
            try await TestApp.application(router).test(.router) { client in
                let created = try await postJSON(client, "/v1/auth/register", ["email": "New@Example.com", "password": AuthFixture.password, "full_name": "New Person"])
                #expect(created.status == .created)
                let me = try decode(MeResponse.self, created)
                #expect(me.role == "operator")
                #expect(me.email == "new@example.com")
                #expect(me.orgId == org.id.uuidString.lowercased())
                let again = try await postJSON(client, "/v1/auth/register", ["email": "new@example.com", "password": AuthFixture.password, "full_name": "Dup"])
                #expect(again.status == .conflict)
                let weak = try await postJSON(client, "/v1/auth/register", ["email": "weak@example.com", "password": "short", "full_name": "Weak"])
                #expect(errorCode(weak) == APIErrorCode.validation)
                #expect(try await postJSON(client, "/v1/auth/login", ["email": "new@example.com", "password": AuthFixture.password]).status == .ok)
            }
        }
        await cleanup()
    }

    @Test("rotating the signing key keeps earlier tokens valid and publishes both keys")
    func keyRotation() async throws {
        try await TestApp.with("sqlite") { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                let oldKid = try await services.auth.tokens.jwks().first?["kid"]
                let newKid = try await services.auth.tokens.rotate()
                #expect(newKid != oldKid)
                #expect(try await request(client, .get, "/v1/auth/me", token: fixture.adminToken).status == .ok)
                let kids = await services.auth.tokens.jwks().compactMap { $0["kid"] }
                #expect(Set(kids) == Set([oldKid, newKid].compactMap { $0 }))
                let org = try await services.auth.admin.createOrg(name: "Rotated")
                _ = try await services.auth.admin.createUser(orgId: org.id, email: "rot@example.com", name: "Rot", role: "admin", siteIds: [], password: AuthFixture.password)
                let login = try decode(LoginResponse.self, try await postJSON(client, "/v1/auth/login", ["email": "rot@example.com", "password": AuthFixture.password]))
                let header = try #require(Base64URL.decode(String(login.accessToken.split(separator: ".")[0])))
                #expect(String(decoding: header, as: UTF8.self).contains(newKid))
            }
        }
    }
}
