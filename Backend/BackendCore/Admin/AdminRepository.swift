import Foundation

/// Persistence for orgs, sites, users and enrollment keys. Implementations map unique-constraint
/// violations to `AppError` 409 (`ORG_EXISTS`, `SITE_EXISTS`, `USER_EXISTS`).
public protocol AdminRepository: Sendable {
    func insertOrg(_ org: OrgRecord) async throws
    func insertSite(_ site: SiteRecord) async throws
    func insertUser(_ user: UserRecord, passwordHash: String?) async throws
    func insertEnrollmentKey(_ key: EnrollmentKeyRecord, secretHash: String) async throws
    func org(id: UUID) async throws -> OrgRecord?
    func site(id: UUID) async throws -> SiteRecord?
}
