import Crypto
import Foundation
import NIOCore
import RelayAPI
import RelayClient

/// Enrolls this box as a device: makes an Ed25519 key pair, presents the admin's enrollment key with the
/// public key, and keeps the private key and token in the state directory.
package struct Enrollment: Sendable {
    package let store: CredentialStore

    package init(store: CredentialStore) {
        self.store = store
    }

    /// - Parameters:
    ///   - siteId: when given, the enrollment key must bind the device to this site.
    ///   - force: replace existing credentials (otherwise enrolling twice is refused).
    ///   - timeoutSeconds: how long each backend call may take (a slow link, a loaded backend).
    package func enroll(
        server: String, orgId: String, siteId: String?, enrollmentKey: String, model: String, appVersion: String, force: Bool,
        timeoutSeconds: Int = 10
    ) async throws -> DeviceCredentials {
        if !force, try store.load() != nil {
            throw EnrollmentError.alreadyEnrolled(credentialsFile: store.file)
        }
        let key = Curve25519.Signing.PrivateKey()
        let client = RelayClient(baseURL: server, timeout: .seconds(Int64(timeoutSeconds)))
        let response = try await client.deviceAuth(
            DeviceAuthRequest(
                orgId: orgId, platform: "edge", model: model, appVersion: appVersion, enrollmentKey: enrollmentKey,
                publicKey: Base64URL.encode(key.publicKey.rawRepresentation)))
        var authed = client
        authed.accessToken = response.accessToken
        let me = try await authed.me()
        if let siteId, !me.siteIds.contains(siteId.lowercased()) {
            throw EnrollmentError.otherSite(bound: me.siteIds.first, requested: siteId)
        }
        let credentials = DeviceCredentials(
            server: client.baseURL, orgId: me.orgId, siteId: me.siteIds.first, deviceId: response.deviceId,
            privateKey: key.rawRepresentation.base64EncodedString(), accessToken: response.accessToken,
            expiresAt: Date().addingTimeInterval(TimeInterval(response.expiresIn)), issuedAt: Date())
        try store.save(credentials)
        return credentials
    }

    /// A new token by proof of the device key; saved before it is returned — unless the store now holds
    /// another device (`relay-agent enroll --force` while this refresh was in flight): that file is the
    /// operator's and stays; the caller sees the store's device differ and drops this answer. The proof is signed at
    /// `signedAt` (the server's time when the caller knows it: the backend takes proofs only within a few
    /// minutes of its own clock); `now` (this machine's clock) dates the token. `clock` hears the answer's
    /// `Date` header, refusals included.
    package func refresh(
        _ credentials: DeviceCredentials, now: Date = Date(), signedAt: Date? = nil, clock: ServerClock? = nil
    ) async throws -> DeviceCredentials {
        let client = RelayClient(baseURL: credentials.server, clock: clock)
        let response = try await client.deviceAuth(try credentials.refreshRequest(now: signedAt ?? now))
        var updated = credentials
        updated.accessToken = response.accessToken
        updated.expiresAt = now.addingTimeInterval(TimeInterval(response.expiresIn))
        updated.issuedAt = now
        if let stored = try? store.load(), stored.deviceId != credentials.deviceId { return updated }
        try store.save(updated)
        return updated
    }
}
