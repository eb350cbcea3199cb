import Foundation

/// Persistence for identity: devices, enrollment-key use, users by email, refresh tokens. Every method that
/// decides something (consume a key use, spend a refresh token, accept a device proof) is one atomic
/// conditional statement, so two concurrent requests can never both win.
package protocol AuthRepository: Sendable {
    /// The enrollment key with this secret hash, if any.
    func enrollmentKey(secretHash: String) async throws -> EnrollmentKeyRecord?
    /// Takes one use of the key if it still has `usesLeft`; false if someone else took it first.
    func consumeEnrollmentKey(id: UUID, expectedUsesLeft: Int) async throws -> Bool
    func revokeEnrollmentKey(id: UUID, orgId: UUID, at: Date) async throws -> Bool
    func enrollmentKeys(orgId: UUID) async throws -> [EnrollmentKeyRecord]

    func insertDevice(_ device: DeviceRecord) async throws
    func device(id: UUID) async throws -> DeviceRecord?
    func devices(orgId: UUID) async throws -> [DeviceRecord]
    /// Records a refresh proof signed at `signedAt` if it is newer than the last one (replay guard).
    func acceptDeviceProof(id: UUID, signedAt: Int64, at: Date) async throws -> Bool
    func revokeDevice(id: UUID, orgId: UUID, at: Date) async throws -> Bool
    func touchDevice(id: UUID, at: Date) async throws

    func credentials(email: String) async throws -> UserCredentials?
    func user(id: UUID) async throws -> UserRecord?
    func users(orgId: UUID) async throws -> [UserRecord]
    func sites(orgId: UUID) async throws -> [SiteRecord]

    func insertRefreshToken(_ token: RefreshTokenRecord) async throws
    func refreshToken(hash: String) async throws -> RefreshTokenRecord?
    /// Marks the token spent if it is neither spent nor revoked; false otherwise.
    func spendRefreshToken(id: UUID, at: Date) async throws -> Bool
    func revokeRefreshFamily(_ familyId: UUID, at: Date) async throws
}
