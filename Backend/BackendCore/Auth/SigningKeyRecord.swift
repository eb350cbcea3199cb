import Foundation

/// A token-signing key as stored: ES256 private key (PEM), its `kid`, when it was made and retired.
package struct SigningKeyRecord: Sendable, Equatable {
    package var kid: String
    package var algorithm: String
    package var privateKeyPEM: String
    package var createdAt: Date
    /// After this instant the key no longer signs; it still verifies until tokens it signed expire.
    package var retiredAt: Date?

    package init(kid: String, algorithm: String, privateKeyPEM: String, createdAt: Date, retiredAt: Date?) {
        self.kid = kid
        self.algorithm = algorithm
        self.privateKeyPEM = privateKeyPEM
        self.createdAt = createdAt
        self.retiredAt = retiredAt
    }
}

/// Where signing keys are kept (the database, so every backend process signs and verifies alike).
package protocol SigningKeyRepository: Sendable {
    /// Every key, newest first.
    func signingKeys() async throws -> [SigningKeyRecord]
    /// Adds a key; an existing `kid` is left as it is.
    func insertSigningKey(_ key: SigningKeyRecord) async throws
    /// Retires every key but `kid`.
    func retireSigningKeys(except kid: String, at: Date) async throws
}
