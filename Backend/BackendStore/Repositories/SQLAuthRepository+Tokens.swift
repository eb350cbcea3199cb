import BackendCore
import Foundation
import SQLKit

extension SQLAuthRepository {
    // MARK: Refresh tokens

    package func insertRefreshToken(_ token: RefreshTokenRecord) async throws {
        try await sql.raw(
            """
            INSERT INTO refresh_tokens (id, family_id, user_id, token_hash, created_at, expires_at)
            VALUES (\(bind: token.id), \(bind: token.familyId), \(bind: token.userId), \(bind: token.tokenHash),
                \(bind: token.createdAt.timeIntervalSince1970), \(bind: token.expiresAt.timeIntervalSince1970))
            """
        ).run()
    }

    package func refreshToken(hash: String) async throws -> RefreshTokenRecord? {
        guard let row = try await sql.raw("SELECT * FROM refresh_tokens WHERE token_hash = \(bind: hash)").first() else {
            return nil
        }
        func date(_ column: String) throws -> Date? {
            try row.decode(column: column, as: Double?.self).map(Date.init(timeIntervalSince1970:))
        }
        return RefreshTokenRecord(
            id: try row.decode(column: "id", as: UUID.self), familyId: try row.decode(column: "family_id", as: UUID.self),
            userId: try row.decode(column: "user_id", as: UUID.self), tokenHash: hash,
            createdAt: try date("created_at") ?? Date(timeIntervalSince1970: 0),
            expiresAt: try date("expires_at") ?? Date(timeIntervalSince1970: 0), usedAt: try date("used_at"),
            revokedAt: try date("revoked_at"))
    }

    package func spendRefreshToken(id: UUID, at: Date) async throws -> Bool {
        try await sql.raw(
            """
            UPDATE refresh_tokens SET used_at = \(bind: at.timeIntervalSince1970)
            WHERE id = \(bind: id) AND used_at IS NULL AND revoked_at IS NULL RETURNING id
            """
        ).first() != nil
    }

    package func revokeRefreshFamily(_ familyId: UUID, at: Date) async throws {
        try await sql.raw(
            """
            UPDATE refresh_tokens SET revoked_at = \(bind: at.timeIntervalSince1970)
            WHERE family_id = \(bind: familyId) AND revoked_at IS NULL
            """
        ).run()
    }

    // MARK: Signing keys

    package func signingKeys() async throws -> [SigningKeyRecord] {
        try await sql.raw("SELECT * FROM signing_keys ORDER BY created_at DESC").all().map { row in
            SigningKeyRecord(
                kid: try row.decode(column: "kid", as: String.self), algorithm: try row.decode(column: "algorithm", as: String.self),
                privateKeyPEM: try row.decode(column: "private_key_pem", as: String.self),
                createdAt: Date(timeIntervalSince1970: try row.decode(column: "created_at", as: Double.self)),
                retiredAt: try row.decode(column: "retired_at", as: Double?.self).map(Date.init(timeIntervalSince1970:)))
        }
    }

    package func insertSigningKey(_ key: SigningKeyRecord) async throws {
        try await sql.raw(
            """
            INSERT INTO signing_keys (kid, algorithm, private_key_pem, created_at)
            VALUES (\(bind: key.kid), \(bind: key.algorithm), \(bind: key.privateKeyPEM), \(bind: key.createdAt.timeIntervalSince1970))
            ON CONFLICT (kid) DO NOTHING
            """
        ).run()
    }

    package func retireSigningKeys(except kid: String, at: Date) async throws {
        try await sql.raw(
            """
            UPDATE signing_keys SET retired_at = \(bind: at.timeIntervalSince1970)
            WHERE kid <> \(bind: kid) AND retired_at IS NULL
            """
        ).run()
    }
}
