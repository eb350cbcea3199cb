import BackendCore
import FluentKit
import Foundation

/// `AdminRepository` on Fluent (SQLite or PostgreSQL).
package struct FluentAdminRepository: AdminRepository {
    let database: RelayDatabase

    package init(database: RelayDatabase) {
        self.database = database
    }

    package func insertOrg(_ org: OrgRecord) async throws -> UniqueInsert {
        try await Self.unique {
            try await OrgModel(id: org.id, name: org.name, createdAt: org.createdAt).create(on: database.db)
        }
    }

    package func insertSite(_ site: SiteRecord) async throws -> UniqueInsert {
        try await Self.unique {
            try await SiteModel(id: site.id, orgId: site.orgId, name: site.name, createdAt: site.createdAt)
                .create(on: database.db)
        }
    }

    package func insertUser(_ user: UserRecord, passwordHash: String?) async throws -> UniqueInsert {
        let model = UserModel()
        model.id = user.id
        model.orgId = user.orgId
        model.email = user.email
        model.name = user.name
        model.role = user.role.rawValue
        model.siteIds = String(decoding: try JSONEncoder().encode(user.siteIds), as: UTF8.self)
        model.passwordHash = passwordHash
        model.createdAt = user.createdAt
        return try await Self.unique {
            try await model.create(on: database.db)
        }
    }

    package func insertEnrollmentKey(_ key: EnrollmentKeyRecord, secretHash: String) async throws {
        let model = EnrollmentKeyModel()
        model.id = key.id
        model.orgId = key.orgId
        model.siteId = key.siteId
        model.secretHash = secretHash
        model.usesAllowed = key.usesAllowed
        model.usesLeft = key.usesLeft
        model.expiresAt = key.expiresAt
        model.revokedAt = key.revokedAt
        model.createdAt = key.createdAt
        try await model.create(on: database.db)
    }

    package func org(id: UUID) async throws -> OrgRecord? {
        try await OrgModel.find(id, on: database.db).map { OrgRecord(id: id, name: $0.name, createdAt: $0.createdAt) }
    }

    package func site(id: UUID) async throws -> SiteRecord? {
        try await SiteModel.find(id, on: database.db).map {
            SiteRecord(id: id, orgId: $0.orgId, name: $0.name, createdAt: $0.createdAt)
        }
    }

    /// Runs the insert `body`; a unique-constraint violation is `.duplicate`.
    static func unique(_ body: () async throws -> Void) async throws -> UniqueInsert {
        do {
            try await body()
            return .inserted
        } catch let error as any DatabaseError where error.isConstraintFailure {
            return .duplicate
        }
    }
}
