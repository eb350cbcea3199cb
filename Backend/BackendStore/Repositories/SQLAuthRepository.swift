import BackendCore
import FluentKit
import Foundation
import RelayAPI
import SQLKit

/// `AuthRepository` and `SigningKeyRepository` on the backend database. Decisions are single conditional
/// statements (`UPDATE … WHERE <condition> RETURNING id`): whoever's statement matches wins.
package struct SQLAuthRepository: AuthRepository, SigningKeyRepository {
    let database: RelayDatabase

    package init(database: RelayDatabase) {
        self.database = database
    }

    var sql: any SQLDatabase { database.sql }

    // MARK: Enrollment keys

    package func enrollmentKey(secretHash: String) async throws -> EnrollmentKeyRecord? {
        try await EnrollmentKeyModel.query(on: database.db).filter(\.$secretHash == secretHash).first().map(Self.record)
    }

    package func consumeEnrollmentKey(id: UUID, expectedUsesLeft: Int) async throws -> Bool {
        try await sql.raw(
            """
            UPDATE enrollment_keys SET uses_left = uses_left - 1
            WHERE id = \(bind: id) AND uses_left = \(bind: expectedUsesLeft) AND uses_left > 0 RETURNING id
            """
        ).first() != nil
    }

    package func revokeEnrollmentKey(id: UUID, orgId: UUID, at: Date) async throws -> Bool {
        guard let model = try await EnrollmentKeyModel.find(id, on: database.db), model.orgId == orgId else { return false }
        if model.revokedAt == nil {
            model.revokedAt = at
            try await model.update(on: database.db)
        }
        return true
    }

    package func enrollmentKeys(orgId: UUID) async throws -> [EnrollmentKeyRecord] {
        try await EnrollmentKeyModel.query(on: database.db).filter(\.$orgId == orgId).sort(\.$createdAt).all().map(Self.record)
    }

    static func record(_ model: EnrollmentKeyModel) -> EnrollmentKeyRecord {
        EnrollmentKeyRecord(
            id: model.id ?? UUID(), orgId: model.orgId, siteId: model.siteId, usesAllowed: model.usesAllowed,
            usesLeft: model.usesLeft, expiresAt: model.expiresAt, revokedAt: model.revokedAt, createdAt: model.createdAt)
    }

    // MARK: Devices

    package func insertDevice(_ device: DeviceRecord) async throws {
        try await sql.raw(
            """
            INSERT INTO devices (id, org_id, site_id, platform, model, app_version, public_key, enrollment_key_id,
                created_at, last_seen_at)
            VALUES (\(bind: device.id), \(bind: device.orgId), \(bind: device.siteId), \(bind: device.platform),
                \(bind: device.model), \(bind: device.appVersion), \(bind: device.publicKey), \(bind: device.enrollmentKeyId),
                \(bind: device.createdAt.timeIntervalSince1970), \(bind: device.lastSeenAt?.timeIntervalSince1970))
            """
        ).run()
    }

    package func device(id: UUID) async throws -> DeviceRecord? {
        try await sql.raw("SELECT * FROM devices WHERE id = \(bind: id)").first().map(Self.device)
    }

    package func devices(orgId: UUID) async throws -> [DeviceRecord] {
        try await sql.raw("SELECT * FROM devices WHERE org_id = \(bind: orgId) ORDER BY created_at").all().map(Self.device)
    }

    package func acceptDeviceProof(id: UUID, signedAt: Int64, at: Date) async throws -> Bool {
        try await sql.raw(
            """
            UPDATE devices SET last_proof_at = \(bind: Double(signedAt)), last_seen_at = \(bind: at.timeIntervalSince1970)
            WHERE id = \(bind: id) AND revoked_at IS NULL
                AND (last_proof_at IS NULL OR last_proof_at < \(bind: Double(signedAt)))
            RETURNING id
            """
        ).first() != nil
    }

    package func revokeDevice(id: UUID, orgId: UUID, at: Date) async throws -> Bool {
        try await sql.raw(
            """
            UPDATE devices SET revoked_at = COALESCE(revoked_at, \(bind: at.timeIntervalSince1970))
            WHERE id = \(bind: id) AND org_id = \(bind: orgId) RETURNING id
            """
        ).first() != nil
    }

    package func touchDevice(id: UUID, at: Date) async throws {
        try await sql.raw("UPDATE devices SET last_seen_at = \(bind: at.timeIntervalSince1970) WHERE id = \(bind: id)").run()
    }

    static func device(_ row: any SQLRow) throws -> DeviceRecord {
        func date(_ column: String) throws -> Date? {
            try row.decode(column: column, as: Double?.self).map(Date.init(timeIntervalSince1970:))
        }
        return DeviceRecord(
            id: try row.decode(column: "id", as: UUID.self), orgId: try row.decode(column: "org_id", as: UUID.self),
            siteId: try row.decode(column: "site_id", as: UUID?.self), platform: try row.decode(column: "platform", as: String.self),
            model: try row.decode(column: "model", as: String.self), appVersion: try row.decode(column: "app_version", as: String.self),
            publicKey: try row.decode(column: "public_key", as: String.self),
            enrollmentKeyId: try row.decode(column: "enrollment_key_id", as: UUID?.self),
            createdAt: try date("created_at") ?? Date(timeIntervalSince1970: 0), lastSeenAt: try date("last_seen_at"),
            revokedAt: try date("revoked_at"),
            health: try row.decode(column: "health", as: String?.self).flatMap { try? JSONDecoder().decode(DeviceHealth.self, from: Data($0.utf8)) })
    }

    // MARK: Users and sites

    package func credentials(email: String) async throws -> UserCredentials? {
        guard let model = try await UserModel.query(on: database.db).filter(\.$email == email).first() else { return nil }
        return UserCredentials(user: try Self.user(model), passwordHash: model.passwordHash)
    }

    package func user(id: UUID) async throws -> UserRecord? {
        try await UserModel.find(id, on: database.db).map(Self.user)
    }

    package func users(orgId: UUID) async throws -> [UserRecord] {
        try await UserModel.query(on: database.db).filter(\.$orgId == orgId).sort(\.$email).all().map(Self.user)
    }

    package func sites(orgId: UUID) async throws -> [SiteRecord] {
        try await SiteModel.query(on: database.db).filter(\.$orgId == orgId).sort(\.$name).all().map {
            SiteRecord(id: $0.id ?? UUID(), orgId: $0.orgId, name: $0.name, createdAt: $0.createdAt)
        }
    }

    static func user(_ model: UserModel) throws -> UserRecord {
        UserRecord(
            id: model.id ?? UUID(), orgId: model.orgId, email: model.email, name: model.name,
            role: UserRole(rawValue: model.role) ?? .operator_,
            siteIds: try JSONDecoder().decode([UUID].self, from: Data(model.siteIds.utf8)), createdAt: model.createdAt)
    }
}
