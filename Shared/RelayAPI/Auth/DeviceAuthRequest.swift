/// Body of `POST /v1/auth/device`: either an enrollment (seed 001's fields plus `enrollment_key` and the
/// device's Ed25519 `public_key`) or a refresh (`device_id` with a signed proof).
package struct DeviceAuthRequest: Codable, Sendable, Equatable {
    // Enrollment
    package var orgId: String?
    package var platform: String?
    package var model: String?
    package var appVersion: String?
    /// The admin-issued enrollment key (`rk_…`).
    package var enrollmentKey: String?
    /// Raw 32-byte Ed25519 public key, base64url (or base64).
    package var publicKey: String?
    // Refresh
    package var deviceId: String?
    /// Unix seconds when the proof was signed; must be within 5 minutes of the server's clock and newer
    /// than the device's previous proof.
    package var signedAt: Int64?
    /// Ed25519 signature, base64url, over `relay-device-refresh\n{device_id}\n{signed_at}`.
    package var signature: String?

    package init(
        orgId: String? = nil, platform: String? = nil, model: String? = nil, appVersion: String? = nil,
        enrollmentKey: String? = nil, publicKey: String? = nil, deviceId: String? = nil, signedAt: Int64? = nil,
        signature: String? = nil
    ) {
        self.orgId = orgId
        self.platform = platform
        self.model = model
        self.appVersion = appVersion
        self.enrollmentKey = enrollmentKey
        self.publicKey = publicKey
        self.deviceId = deviceId
        self.signedAt = signedAt
        self.signature = signature
    }

    /// The exact bytes a device signs to refresh.
    package static func proofMessage(deviceId: String, signedAt: Int64) -> String {
        "relay-device-refresh\n\(deviceId.lowercased())\n\(signedAt)"
    }

    enum CodingKeys: String, CodingKey {
        case platform, model, signature
        case orgId = "org_id"
        case appVersion = "app_version"
        case enrollmentKey = "enrollment_key"
        case publicKey = "public_key"
        case deviceId = "device_id"
        case signedAt = "signed_at"
    }
}

/// Answer of `POST /v1/auth/device` (seed 001).
package struct DeviceAuthResponse: Codable, Sendable, Equatable {
    package var deviceId: String
    package var accessToken: String
    package var tokenType: String
    package var expiresIn: Int

    package init(deviceId: String, accessToken: String, expiresIn: Int) {
        self.deviceId = deviceId
        self.accessToken = accessToken
        self.tokenType = "Bearer"
        self.expiresIn = expiresIn
    }

    enum CodingKeys: String, CodingKey {
        case deviceId = "device_id"
        case accessToken = "access_token"
        case tokenType = "token_type"
        case expiresIn = "expires_in"
    }
}
