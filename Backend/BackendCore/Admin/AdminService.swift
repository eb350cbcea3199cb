import Foundation
import RelayAPI

/// Creates orgs, sites, users and enrollment keys, validating input first. Used by the admin CLI (and the
/// admin API of the identity issue).
package struct AdminService: Sendable {
    package let repository: any AdminRepository
    package let hasher: PasswordHasher

    package init(repository: any AdminRepository, hasher: PasswordHasher = PasswordHasher()) {
        self.repository = repository
        self.hasher = hasher
    }

    /// Creates an org with a unique name.
    package func createOrg(name: String) async throws -> OrgRecord {
        let org = OrgRecord(id: UUID(), name: try Self.cleanName(name, field: "name"), createdAt: Date())
        guard try await repository.insertOrg(org) == .inserted else {
            throw AppError.conflict("an org named \(org.name) already exists", code: .orgExists)
        }
        return org
    }

    /// Creates a site, unique by name within its org.
    package func createSite(orgId: UUID, name: String) async throws -> SiteRecord {
        guard try await repository.org(id: orgId) != nil else { throw AppError.notFound("org \(orgId)") }
        let site = SiteRecord(id: UUID(), orgId: orgId, name: try Self.cleanName(name, field: "name"), createdAt: Date())
        guard try await repository.insertSite(site) == .inserted else {
            throw AppError.conflict("the org already has a site named \(site.name)", code: .siteExists)
        }
        return site
    }

    /// Creates a user with a unique email. Every id in `siteIds` must be a site of `orgId`.
    package func createUser(
        orgId: UUID, email: String, name: String, role: String, siteIds: [UUID], password: String?
    ) async throws -> UserRecord {
        guard try await repository.org(id: orgId) != nil else { throw AppError.notFound("org \(orgId)") }
        guard let role = UserRole(rawValue: role) else {
            throw AppError.validation("role must be operator, reviewer or admin", field: "role")
        }
        let email = email.trimmingCharacters(in: .whitespaces).lowercased()
        guard Self.isPlausibleEmail(email) else { throw AppError.validation("email is not a valid address", field: "email") }
        for siteId in Set(siteIds) {
            guard let site = try await repository.site(id: siteId), site.orgId == orgId else {
                throw AppError.notFound("site \(siteId)")
            }
        }
        var passwordHash: String?
        if let password { passwordHash = try await hasher.hash(password) }
        let user = UserRecord(
            id: UUID(), orgId: orgId, email: email, name: try Self.cleanName(name, field: "name"), role: role,
            siteIds: Array(Set(siteIds)).sorted { $0.uuidString < $1.uuidString }, createdAt: Date())
        guard try await repository.insertUser(user, passwordHash: passwordHash) == .inserted else {
            throw AppError.conflict("a user with email \(user.email) already exists", code: .userExists)
        }
        return user
    }

    /// Creates an enrollment key and returns it with its secret — the only time the secret is seen.
    /// The longest an enrollment key may live: 10 years (3,650 days).
    package static let maxEnrollmentKeyLifetime: TimeInterval = 3650 * 86_400

    package func createEnrollmentKey(orgId: UUID, siteId: UUID?, uses: Int, expiresIn: TimeInterval?) async throws
        -> (record: EnrollmentKeyRecord, secret: String)
    {
        guard try await repository.org(id: orgId) != nil else { throw AppError.notFound("org \(orgId)") }
        if let siteId {
            guard let site = try await repository.site(id: siteId), site.orgId == orgId else {
                throw AppError.notFound("site \(siteId)")
            }
        }
        guard (1...100_000).contains(uses) else { throw AppError.validation("uses must be 1...100000", field: "uses") }
        if let expiresIn, !(expiresIn > 0 && expiresIn <= Self.maxEnrollmentKeyLifetime) {
            throw AppError.validation("expires_in_days must be more than 0 and at most 3650", field: "expires_in_days")
        }
        let secret = SecretToken.generate(prefix: "rk_")
        let record = EnrollmentKeyRecord(
            id: UUID(), orgId: orgId, siteId: siteId, usesAllowed: uses, usesLeft: uses,
            expiresAt: expiresIn.map { Date().addingTimeInterval($0) }, revokedAt: nil, createdAt: Date())
        try await repository.insertEnrollmentKey(record, secretHash: SecretToken.hash(secret))
        return (record, secret)
    }

    /// Trims and checks a display name: 1–200 code points, no control characters (Unicode Cc) and no
    /// bidirectional overrides or isolates (which can make a name display as another). Other format
    /// characters stay: zero-width joiners are part of Persian names and emoji.
    static func cleanName(_ name: String, field: String) throws -> String {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...200).contains(trimmed.unicodeScalars.count) else { throw AppError.validation("\(field) must be 1–200 characters", field: field) }
        guard !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || Self.bidiControls.contains($0.value) }) else {
            throw AppError.validation("\(field) must not contain control characters", field: field)
        }
        return trimmed
    }

    /// U+202A–U+202E (embeddings, overrides) and U+2066–U+2069 (isolates).
    static let bidiControls: Set<UInt32> = [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069]

    /// `local@domain.tld`, judged by code points as the OpenAPI pattern is: at most 254, one `@`, a dot in
    /// the domain but not at its ends, and no white space (Unicode's, and U+FEFF, which ECMAScript's `\s`
    /// also counts).
    static func isPlausibleEmail(_ email: String) -> Bool {
        let scalars = Array(email.unicodeScalars)
        guard scalars.count <= 254, !scalars.contains(where: { $0.properties.isWhitespace || $0.value == 0xFEFF }) else { return false }
        let parts = scalars.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, let first = parts[1].first, let last = parts[1].last else { return false }
        return parts[1].contains(".") && first != "." && last != "."
    }
}
