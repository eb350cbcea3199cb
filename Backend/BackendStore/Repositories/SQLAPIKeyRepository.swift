import BackendCore
import FluentKit
import Foundation
import SQLKit

/// `APIKeyRepository` in raw SQL that runs on SQLite and PostgreSQL alike.
package struct SQLAPIKeyRepository: APIKeyRepository {
    let database: RelayDatabase

    package init(database: RelayDatabase) {
        self.database = database
    }

    var sql: any SQLDatabase { database.sql }

    package func insert(_ k: APIKeyRecord) async throws {
        try await sql.raw(
            """
            INSERT INTO api_keys (id, org_id, name, role, prefix, secret_hash, created_by, created_at, expires_at, revoked_at, last_used_at)
            VALUES (\(bind: k.id), \(bind: k.orgId), \(bind: k.name), \(bind: k.role.rawValue), \(bind: k.prefix), \(bind: k.secretHash),
                \(bind: k.createdBy), \(bind: k.createdAt.timeIntervalSince1970), \(bind: k.expiresAt?.timeIntervalSince1970), NULL, NULL)
            """
        ).run()
    }

    package func key(id: UUID) async throws -> APIKeyRecord? {
        try await sql.raw("SELECT * FROM api_keys WHERE id = \(bind: id)").first().map(Self.record)
    }

    package func keys(orgId: UUID) async throws -> [APIKeyRecord] {
        try await sql.raw("SELECT * FROM api_keys WHERE org_id = \(bind: orgId) ORDER BY created_at").all().map(Self.record)
    }

    package func revoke(id: UUID, orgId: UUID, at: Date) async throws -> Bool {
        try await sql.raw(
            """
            UPDATE api_keys SET revoked_at = \(bind: at.timeIntervalSince1970)
            WHERE id = \(bind: id) AND org_id = \(bind: orgId) AND revoked_at IS NULL RETURNING id
            """
        ).first() != nil
    }

    package func touch(id: UUID, at: Date) async throws {
        try await sql.raw("UPDATE api_keys SET last_used_at = \(bind: at.timeIntervalSince1970) WHERE id = \(bind: id)").run()
    }

    static func record(_ row: any SQLRow) throws -> APIKeyRecord {
        func date(_ column: String) throws -> Date? { try row.decode(column: column, as: Double?.self).map(Date.init(timeIntervalSince1970:)) }
        return APIKeyRecord(
            id: try row.decode(column: "id", as: UUID.self), orgId: try row.decode(column: "org_id", as: UUID.self),
            name: try row.decode(column: "name", as: String.self),
            role: Identity.Role(rawValue: try row.decode(column: "role", as: String.self)) ?? .reviewer,
            prefix: try row.decode(column: "prefix", as: String.self), secretHash: try row.decode(column: "secret_hash", as: String.self),
            createdBy: try row.decode(column: "created_by", as: UUID.self),
            createdAt: Date(timeIntervalSince1970: try row.decode(column: "created_at", as: Double.self)), expiresAt: try date("expires_at"),
            revokedAt: try date("revoked_at"), lastUsedAt: try date("last_used_at"))
    }
}
