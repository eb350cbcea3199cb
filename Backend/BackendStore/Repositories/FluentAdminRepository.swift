import BackendCore
import FluentKit
import RelayAPI
import Foundation

/// `AdminRepository` on Fluent (SQLite or PostgreSQL).
public struct FluentAdminRepository: AdminRepository {
    let database: RelayDatabase

    public init(database: RelayDatabase) {
        self.database = database
    }

    public func insertOrg(_ org: OrgRecord) async throws {
        try await Self.mapConflict("an org named \(org.name) already exists", code: .orgExists) {
            try await OrgModel(id: org.id, name: org.name, createdAt: org.createdAt).create(on: database.db)
        }
    }

    public func insertSite(_ site: SiteRecord) async throws {
        try await Self.mapConflict("the org already has a site named \(site.name)", code: .siteExists) {
            try await SiteModel(id: site.id, orgId: site.orgId, name: site.name, createdAt: site.createdAt)
                .create(on: database.db)
        }
    }

    public func insertUser(_ user: UserRecord, passwordHash: String?) async throws {
        let model = UserModel()
        model.id = user.id
        model.orgId = user.orgId
        model.email = user.email
        model.name = user.name
        model.role = user.role.rawValue
        model.siteIds = String(decoding: try JSONEncoder().encode(user.siteIds), as: UTF8.self)
        model.passwordHash = passwordHash
        model.createdAt = user.createdAt
        try await Self.mapConflict("a user with email \(user.email) already exists", code: .userExists) {
            try await model.create(on: database.db)
        }
    }

    public func insertEnrollmentKey(_ key: EnrollmentKeyRecord, secretHash: String) async throws {
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

    public func org(id: UUID) async throws -> OrgRecord? {
        try await OrgModel.find(id, on: database.db).map { OrgRecord(id: id, name: $0.name, createdAt: $0.createdAt) }
    }

    public func site(id: UUID) async throws -> SiteRecord? {
        try await SiteModel.find(id, on: database.db).map {
            SiteRecord(id: id, orgId: $0.orgId, name: $0.name, createdAt: $0.createdAt)
        }
    }

    /// Runs `body`, turning a unique-constraint violation into a 409 with `code`.
    static func mapConflict(_ message: String, code: APIErrorCode, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw AppError.conflict(message, code: code)
        }
    }
}
