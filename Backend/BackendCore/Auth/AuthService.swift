import Crypto
import Foundation
import Logging
import RelayAPI

/// Device enrollment and refresh, user login (password and OIDC), refresh-token rotation, registration,
/// and turning a bearer token into an `Identity`.
package struct AuthService: Sendable {
    package let configuration: AuthConfiguration
    package let tokens: TokenService
    package let repository: any AuthRepository
    package let admin: AdminService
    package let oidc: OIDCVerifier?
    let hasher: PasswordHasher
    /// Attempts per target account and back-off after failed passwords.
    package let throttle: LoginThrottle
    /// Devices and users read recently by `confirm` (at most `auth_subject_cache_seconds` old).
    package let subjects: ConfirmedSubjectCache
    /// Org API keys (`rk_api_…`), accepted as bearer tokens.
    package let apiKeys: APIKeyService?

    package init(
        configuration: AuthConfiguration, tokens: TokenService, repository: any AuthRepository, admin: AdminService,
        oidc: OIDCVerifier?, hasher: PasswordHasher = PasswordHasher(),
        throttle: LoginThrottle = LoginThrottle(rule: RateLimitPolicy().account), apiKeys: APIKeyService? = nil
    ) {
        self.apiKeys = apiKeys
        self.throttle = throttle
        self.subjects = ConfirmedSubjectCache(lifetime: configuration.subjectCacheLifetime)
        self.configuration = configuration
        self.tokens = tokens
        self.repository = repository
        self.admin = admin
        self.oidc = oidc
        self.hasher = hasher
    }

    static func unauthorized(_ code: APIErrorCode, _ message: String) -> AppError {
        AppError(status: 401, code: code, message: message, headers: ["WWW-Authenticate": "Bearer"])
    }

    // MARK: Bearer tokens

    /// Verifies a bearer token and checks the device or user still exists and is not revoked.
    package func authenticate(bearer token: String) async throws -> Identity {
        if token.hasPrefix(APIKeyRecord.marker), let apiKeys { return try await apiKeys.identity(bearer: token) }
        return try await confirm(try await tokens.verify(token))
    }

    /// Checks that the identity's device or user still exists in its org and that a device is not revoked;
    /// returns the identity with the user's current role and sites. Throws `AppError` 401 `TOKEN_INVALID`
    /// or `DEVICE_REVOKED`. Open WebSockets call this again from time to time.
    package func confirm(_ identity: Identity) async throws -> Identity {
        if identity.isAPIKey {
            guard let apiKeys else { throw Self.unauthorized(APIErrorCode.tokenInvalid, "API keys are not enabled") }
            return try await apiKeys.confirm(identity)
        }
        if identity.isDevice {
            guard let device = try await device(identity.subject), device.orgId == identity.orgId else {
                throw Self.unauthorized(APIErrorCode.tokenInvalid, "device is unknown")
            }
            guard device.revokedAt == nil else { throw Self.unauthorized(APIErrorCode.deviceRevoked, "device has been revoked") }
            return identity
        }
        guard let user = try await user(identity.subject), user.orgId == identity.orgId else {
            throw Self.unauthorized(APIErrorCode.tokenInvalid, "user is unknown")
        }
        // Roles and site scope come from the database, so a change takes effect at once.
        var current = identity
        current.role = Identity.Role(rawValue: user.role.rawValue) ?? .operator_
        current.siteIds = user.siteIds
        return current
    }

    /// The device, from `subjects` when read recently. Unknown ids are not cached.
    private func device(_ id: UUID) async throws -> DeviceRecord? {
        if case .device(let device) = subjects.subject(id) { return device }
        let readAt = ContinuousClock.now
        let device = try await repository.device(id: id)
        if let device { subjects.store(id, .device(device), readAt: readAt) }
        return device
    }

    /// The user, from `subjects` when read recently. Unknown ids are not cached.
    private func user(_ id: UUID) async throws -> UserRecord? {
        if case .user(let user) = subjects.subject(id) { return user }
        let readAt = ContinuousClock.now
        let user = try await repository.user(id: id)
        if let user { subjects.store(id, .user(user), readAt: readAt) }
        return user
    }

    /// Revokes a device of `orgId`; its tokens stop working in this process at once, and in every other
    /// process when the event bus carries `ConfirmedSubjectCache.message(forgetting:)` (published by the
    /// caller) or within `auth_subject_cache_seconds`. False when no such device exists.
    package func revokeDevice(id: UUID, orgId: UUID, at: Date = Date()) async throws -> Bool {
        let revoked = try await repository.revokeDevice(id: id, orgId: orgId, at: at)
        subjects.forget(id)
        return revoked
    }

    // MARK: Devices

    /// Enrolls a device with an enrollment key, or refreshes an enrolled device's token with a signed proof.
    package func deviceAuth(_ request: DeviceAuthRequest, now: Date = Date()) async throws -> DeviceAuthResponse {
        if request.deviceId != nil || request.signature != nil { return try await refreshDevice(request, now: now) }
        return try await enroll(request, now: now)
    }

    func enroll(_ request: DeviceAuthRequest, now: Date) async throws -> DeviceAuthResponse {
        guard let orgText = request.orgId else { throw AppError.validation("org_id is required", field: "org_id") }
        guard let orgId = UUID(uuidString: orgText) else { throw AppError.validation("org_id must be a UUID", field: "org_id") }
        guard let platform = request.platform, ["ios", "android", "edge"].contains(platform) else {
            throw AppError.validation("platform must be ios, android or edge", field: "platform")
        }
        let model = try Self.text(request.model, field: "model")
        let appVersion = try Self.text(request.appVersion, field: "app_version")
        guard let secret = request.enrollmentKey, !secret.isEmpty else {
            throw AppError.validation("enrollment_key is required", field: "enrollment_key")
        }
        guard let publicKeyText = request.publicKey, let publicKey = Base64URL.decode(publicKeyText),
            (try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey)) != nil
        else { throw AppError.validation("public_key must be a raw Ed25519 public key (32 bytes, base64url)", field: "public_key") }

        // Unknown key and another org's key answer alike, so keys cannot be probed across orgs.
        guard let key = try await repository.enrollmentKey(secretHash: SecretToken.hash(secret)), key.orgId == orgId else {
            throw Self.unauthorized(.enrollmentKeyInvalid, "enrollment key is not valid for this org")
        }
        if key.revokedAt != nil { throw Self.unauthorized(.enrollmentKeyRevoked, "enrollment key has been revoked") }
        if let expires = key.expiresAt, expires <= now {
            throw Self.unauthorized(.enrollmentKeyExpired, "enrollment key has expired")
        }
        guard key.usesLeft > 0, try await repository.consumeEnrollmentKey(id: key.id, expectedUsesLeft: key.usesLeft) else {
            throw Self.unauthorized(.enrollmentKeyExhausted, "enrollment key has no uses left")
        }
        let device = DeviceRecord(
            id: UUID(), orgId: orgId, siteId: key.siteId, platform: platform, model: model, appVersion: appVersion,
            publicKey: Base64URL.encode(publicKey), enrollmentKeyId: key.id, createdAt: now, lastSeenAt: now, revokedAt: nil)
        try await repository.insertDevice(device)
        return try await deviceToken(device)
    }

    func refreshDevice(_ request: DeviceAuthRequest, now: Date) async throws -> DeviceAuthResponse {
        guard let idText = request.deviceId, let deviceId = UUID(uuidString: idText) else {
            throw AppError.validation("device_id must be a UUID", field: "device_id")
        }
        guard let signedAt = request.signedAt else { throw AppError.validation("signed_at is required", field: "signed_at") }
        guard let signatureText = request.signature, let signature = Base64URL.decode(signatureText) else {
            throw AppError.validation("signature must be base64url", field: "signature")
        }
        guard let device = try await repository.device(id: deviceId),
            let keyData = Base64URL.decode(device.publicKey),
            let publicKey = try? Curve25519.Signing.PublicKey(rawRepresentation: keyData)
        else { throw Self.unauthorized(.deviceProofInvalid, "device proof is not valid") }
        let message = DeviceAuthRequest.proofMessage(deviceId: idText, signedAt: signedAt)
        guard publicKey.isValidSignature(signature, for: Data(message.utf8)) else {
            throw Self.unauthorized(.deviceProofInvalid, "device proof is not valid")
        }
        guard device.revokedAt == nil else { throw Self.unauthorized(APIErrorCode.deviceRevoked, "device has been revoked") }
        guard abs(Double(signedAt) - now.timeIntervalSince1970) <= configuration.proofWindow else {
            throw Self.unauthorized(.deviceProofStale, "signed_at is more than \(Int(configuration.proofWindow)) s from server time")
        }
        guard try await repository.acceptDeviceProof(id: deviceId, signedAt: signedAt, at: now) else {
            throw Self.unauthorized(.deviceProofReplayed, "this proof (or a newer one) was already used")
        }
        return try await deviceToken(device)
    }

    func deviceToken(_ device: DeviceRecord) async throws -> DeviceAuthResponse {
        let token = try await tokens.issue(
            subject: device.id, orgId: device.orgId, role: .device, siteIds: device.siteId.map { [$0] } ?? [],
            lifetime: configuration.deviceTokenLifetime)
        return DeviceAuthResponse(
            deviceId: device.id.uuidString.lowercased(), accessToken: token, expiresIn: Int(configuration.deviceTokenLifetime))
    }

    static func text(_ value: String?, field: String) throws -> String {
        guard let value = value?.trimmingCharacters(in: .whitespaces), (1...200).contains(value.unicodeScalars.count) else {
            throw AppError.validation("\(field) is required (1–200 characters)", field: field)
        }
        return value
    }
}
