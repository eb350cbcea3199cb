import Foundation

/// Persistence for orgs, sites, users and enrollment keys. A unique name or email already taken is a
/// result (`.duplicate`), not an error: `AdminService` turns it into the caller's 409.
package protocol AdminRepository: Sendable {
    /// `.duplicate` when an org has the name.
    func insertOrg(_ org: OrgRecord) async throws -> UniqueInsert
    /// `.duplicate` when the org already has a site with the name.
    func insertSite(_ site: SiteRecord) async throws -> UniqueInsert
    /// `.duplicate` when a user has the email.
    func insertUser(_ user: UserRecord, passwordHash: String?) async throws -> UniqueInsert
    func insertEnrollmentKey(_ key: EnrollmentKeyRecord, secretHash: String) async throws
    func org(id: UUID) async throws -> OrgRecord?
    func site(id: UUID) async throws -> SiteRecord?
}
