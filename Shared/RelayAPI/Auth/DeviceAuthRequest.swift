/// Body of `POST /v1/auth/device`: either an enrollment (seed 001's fields plus `enrollment_key` and the
/// device's Ed25519 `public_key`) or a refresh (`device_id` with a signed proof).
public struct DeviceAuthRequest: Codable, Sendable, Equatable {
    // Enrollment
    public var orgId: String?
    public var platform: String?
    public var model: String?
    public var appVersion: String?
    /// The admin-issued enrollment key (`rk_…`).
    public var enrollmentKey: String?
    /// Raw 32-byte Ed25519 public key, base64url (or base64).
    public var publicKey: String?
    // Refresh
    public var deviceId: String?
    /// Unix seconds when the proof was signed; must be within 5 minutes of the server's clock and newer
    /// than the device's previous proof.
    public var signedAt: Int64?
    /// Ed25519 signature, base64url, over `relay-device-refresh\n{device_id}\n{signed_at}`.
    public var signature: String?

    public init(
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
    public static func proofMessage(deviceId: String, signedAt: Int64) -> String {
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
public struct DeviceAuthResponse: Codable, Sendable, Equatable {
    public var deviceId: String
    public var accessToken: String
    public var tokenType: String
    public var expiresIn: Int

    public init(deviceId: String, accessToken: String, expiresIn: Int) {
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
