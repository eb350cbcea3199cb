import Crypto
import Foundation
import RelayAPI

/// What an enrolled agent keeps: its device id, Ed25519 private key, current token and where the
/// backend is. Stored as JSON, mode 0600, in the state directory (`credentials.json`).
package struct DeviceCredentials: Codable, Sendable, Equatable {
    package var server: String
    package var orgId: String
    package var siteId: String?
    package var deviceId: String
    /// Raw 32-byte Ed25519 private key, base64.
    package var privateKey: String
    package var accessToken: String
    package var expiresAt: Date
    /// When the current token was obtained (to refresh at half its life at the latest).
    package var issuedAt: Date?

    package init(
        server: String, orgId: String, siteId: String?, deviceId: String, privateKey: String, accessToken: String, expiresAt: Date,
        issuedAt: Date? = nil
    ) {
        self.server = server
        self.orgId = orgId
        self.siteId = siteId
        self.deviceId = deviceId
        self.privateKey = privateKey
        self.accessToken = accessToken
        self.expiresAt = expiresAt
        self.issuedAt = issuedAt
    }

    enum CodingKeys: String, CodingKey {
        case server
        case orgId = "org_id"
        case siteId = "site_id"
        case deviceId = "device_id"
        case privateKey = "private_key"
        case accessToken = "access_token"
        case expiresAt = "expires_at"
        case issuedAt = "issued_at"
    }

    /// The device's signing key.
    package func signingKey() throws -> Curve25519.Signing.PrivateKey {
        guard let raw = Data(base64Encoded: privateKey) else { throw CredentialsError.malformedPrivateKey }
        return try Curve25519.Signing.PrivateKey(rawRepresentation: raw)
    }

    /// Whether the token should be refreshed at `now`: within `before` of expiry, or past half its life
    /// when that comes first (a short-lived token is not left to run out).
    package func refreshDue(before: TimeInterval, now: Date) -> Bool {
        var margin = before
        if let issuedAt { margin = min(margin, expiresAt.timeIntervalSince(issuedAt) / 2) }
        return expiresAt.timeIntervalSince(now) <= margin
    }

    /// A refresh request proving possession of the key, signed now.
    package func refreshRequest(now: Date = Date()) throws -> DeviceAuthRequest {
        let signedAt = Int64(now.timeIntervalSince1970)
        let message = DeviceAuthRequest.proofMessage(deviceId: deviceId, signedAt: signedAt)
        let signature = try signingKey().signature(for: Data(message.utf8))
        return DeviceAuthRequest(deviceId: deviceId, signedAt: signedAt, signature: Base64URL.encode(signature))
    }
}
