import BackendCore
import BackendStore
import Foundation
import SQLKit
import Testing
import TestSupport

/// Admin creation rules on both databases: duplicates, cross-org ids, hashed secrets.
@Suite("Admin repository")
struct AdminRepositoryTests {
    static let fastHasher = PasswordHasher(logN: 10)

    @Test("creates orgs, sites, users, keys; refuses duplicates", arguments: TestEnvironment.databaseKinds)
    func createAndConflict(kind: String) async throws {
        try await TestDatabase.with(kind) { database in
            let admin = AdminService(repository: FluentAdminRepository(database: database), hasher: Self.fastHasher)
            let org = try await admin.createOrg(name: "Acme Motors")
            await #expect { _ = try await admin.createOrg(name: "Acme Motors") } throws: { ($0 as? AppError)?.code == "ORG_EXISTS" && ($0 as? AppError)?.status == 409 }
            let site = try await admin.createSite(orgId: org.id, name: "Main Studio")
            await #expect { _ = try await admin.createSite(orgId: org.id, name: "Main Studio") } throws: {
                ($0 as? AppError)?.code == "SITE_EXISTS" && ($0 as? AppError)?.status == 409
            }
            let other = try await admin.createOrg(name: "Other Org")
            // Same site name in another org is fine.
            _ = try await admin.createSite(orgId: other.id, name: "Main Studio")

            let user = try await admin.createUser(
                orgId: org.id, email: " Ana@Example.com ", name: "Ana", role: "reviewer", siteIds: [site.id],
                password: "correct horse battery")
            #expect(user.email == "ana@example.com")
            await #expect { _ = try await admin.createUser(orgId: org.id, email: "ANA@example.com", name: "Ana 2", role: "operator", siteIds: [], password: nil) } throws: {
                ($0 as? AppError)?.code == "USER_EXISTS"
            }
            // A site of another org is not found, a bad role is a validation error.
            let foreignSite = try await admin.createSite(orgId: other.id, name: "Elsewhere")
            await #expect { _ = try await admin.createUser(orgId: org.id, email: "b@example.com", name: "B", role: "operator", siteIds: [foreignSite.id], password: nil) } throws: {
                ($0 as? AppError)?.status == 404
            }
            await #expect { _ = try await admin.createUser(orgId: org.id, email: "c@example.com", name: "C", role: "root", siteIds: [], password: nil) } throws: {
                ($0 as? AppError)?.code == "VALIDATION_ERROR"
            }
            await #expect { _ = try await admin.createUser(orgId: org.id, email: "not-an-email", name: "C", role: "admin", siteIds: [], password: nil) } throws: {
                ($0 as? AppError)?.code == "VALIDATION_ERROR"
            }
            await #expect { _ = try await admin.createOrg(name: "   ") } throws: { ($0 as? AppError)?.code == "VALIDATION_ERROR" }
            await #expect { _ = try await admin.createSite(orgId: UUID(), name: "x") } throws: { ($0 as? AppError)?.status == 404 }

            let (key, secret) = try await admin.createEnrollmentKey(orgId: org.id, siteId: site.id, uses: 5, expiresIn: 3600)
            #expect(secret.hasPrefix("rk_"))
            #expect(key.usesLeft == 5)
            // Only the hash is stored.
            let rows = try await database.sql.raw("SELECT secret_hash FROM enrollment_keys").all()
            #expect(rows.count == 1)
            let stored = try rows[0].decode(column: "secret_hash", as: String.self)
            #expect(stored == SecretToken.hash(secret))
            #expect(stored != secret)
            // The password is stored as a verifiable scrypt hash, not in clear.
            let hashRow = try #require(try await database.sql.raw("SELECT password_hash FROM users WHERE email = 'ana@example.com'").first())
            let hash = try hashRow.decode(column: "password_hash", as: String.self)
            #expect(hash.hasPrefix("scrypt$"))
            #expect(await Self.fastHasher.verify("correct horse battery", against: hash))
            #expect(await !Self.fastHasher.verify("wrong horse", against: hash))
        }
    }

    @Test("migrations are idempotent", arguments: TestEnvironment.databaseKinds)
    func migrateTwice(kind: String) async throws {
        try await TestDatabase.with(kind) { database in
            let ranAgain = try await database.migrate()
            let applied = try await database.appliedMigrations()
            #expect(ranAgain.isEmpty)
            #expect(applied.count >= 5)
        }
    }
}
