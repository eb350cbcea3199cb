import ArgumentParser
import BackendCore
import BackendStore
import Foundation
import Logging

/// `relay-backend admin …`: create orgs, sites, users and enrollment keys. Prints ids on stdout (one per
/// line) so scripts can capture them; errors go to stderr with exit code 2 (bad input), 3 (duplicate) or
/// 4 (unknown org/site).
struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin", abstract: "Create orgs, sites, users and enrollment keys.",
        subcommands: [
            CreateOrg.self, CreateSite.self, CreateUser.self, CreateEnrollmentKey.self, RevokeDevice.self,
            RotateSigningKey.self,
        ])

    /// Opens the database (migrating it), runs `body` with an `AdminService`, maps errors to exit codes.
    static func withService(_ options: ConfigOptions, _ body: (AdminService) async throws -> Void) async throws {
        try await withDatabase(options) { database in
            try await body(AdminService(repository: FluentAdminRepository(database: database)))
        }
    }

    /// Opens the database (migrating it), runs `body`, maps errors to exit codes.
    static func withDatabase(_ options: ConfigOptions, _ body: (RelayDatabase) async throws -> Void) async throws {
        let configuration = try options.load()
        let (logger, _) = Bootstrap.run(configuration)
        let database = try await RelayDatabase.open(configuration.database, logger: logger)
        do {
            try await database.migrate()
            try await body(database)
            await database.shutdown()
        } catch let error as AppError {
            await database.shutdown()
            FileHandle.standardError.write(Data("error: \(error.message) (\(error.code))\n".utf8))
            throw ExitCode(error.status == 409 ? 3 : error.status == 404 ? 4 : 2)
        } catch {
            await database.shutdown()
            throw error
        }
    }

    static func uuid(_ text: String, _ name: String) throws -> UUID {
        guard let id = UUID(uuidString: text) else { throw ValidationError("\(name) must be a UUID, got \(text)") }
        return id
    }
}

struct CreateOrg: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create-org", abstract: "Create an org; prints its id.")
    @OptionGroup var options: ConfigOptions
    @Option(help: "Org name (unique).") var name: String

    func run() async throws {
        try await AdminCommand.withService(options) { print(try await $0.createOrg(name: name).id.uuidString.lowercased()) }
    }
}

struct CreateSite: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create-site", abstract: "Create a site; prints its id.")
    @OptionGroup var options: ConfigOptions
    @Option(help: "Org id.") var org: String
    @Option(help: "Site name (unique within the org).") var name: String

    func run() async throws {
        let orgId = try AdminCommand.uuid(org, "--org")
        try await AdminCommand.withService(options) {
            print(try await $0.createSite(orgId: orgId, name: name).id.uuidString.lowercased())
        }
    }
}

struct CreateUser: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create-user", abstract: "Create a user; prints its id.")
    @OptionGroup var options: ConfigOptions
    @Option(help: "Org id.") var org: String
    @Option(help: "Email (unique; used to log in).") var email: String
    @Option(help: "Display name.") var name: String
    @Option(help: "operator, reviewer or admin.") var role: String
    @Option(name: .customLong("site"), help: "Limit the user to this site (repeat for several; none = all sites).")
    var sites: [String] = []
    @Flag(help: "Read the password from the first line of standard input.") var passwordStdin = false

    func run() async throws {
        let orgId = try AdminCommand.uuid(org, "--org")
        let siteIds = try sites.map { try AdminCommand.uuid($0, "--site") }
        var password: String?
        if passwordStdin {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                throw ValidationError("--password-stdin given but standard input had no password")
            }
            password = line
        }
        try await AdminCommand.withService(options) {
            let user = try await $0.createUser(
                orgId: orgId, email: email, name: name, role: role, siteIds: siteIds, password: password)
            print(user.id.uuidString.lowercased())
        }
    }
}

struct CreateEnrollmentKey: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-enrollment-key",
        abstract: "Create a device enrollment key; prints `id: …` and `key: …` (the key is shown only once).")
    @OptionGroup var options: ConfigOptions
    @Option(help: "Org id.") var org: String
    @Option(help: "Bind enrolled devices to this site.") var site: String?
    @Option(help: "How many devices may enroll with it (default 1).") var uses: Int = 1
    @Option(help: "Days until it expires (default: never).") var expiresInDays: Double?

    func run() async throws {
        let orgId = try AdminCommand.uuid(org, "--org")
        let siteId = try site.map { try AdminCommand.uuid($0, "--site") }
        try await AdminCommand.withService(options) {
            let (record, secret) = try await $0.createEnrollmentKey(
                orgId: orgId, siteId: siteId, uses: uses, expiresIn: expiresInDays.map { $0 * 86_400 })
            print("id: \(record.id.uuidString.lowercased())")
            print("key: \(secret)")
        }
    }
}

struct RevokeDevice: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke-device",
        abstract: "Revoke a device: its tokens stop working (401 everywhere) at once on PostgreSQL, within auth_subject_cache_seconds on SQLite.")
    @OptionGroup var options: ConfigOptions
    @Option(help: "Org id.") var org: String
    @Option(help: "Device id.") var device: String

    func run() async throws {
        let orgId = try AdminCommand.uuid(org, "--org")
        let deviceId = try AdminCommand.uuid(device, "--device")
        try await AdminCommand.withDatabase(options) { database in
            guard try await SQLAuthRepository(database: database).revokeDevice(id: deviceId, orgId: orgId, at: Date()) else {
                throw AppError.notFound("device \(deviceId) in org \(orgId)")
            }
            // Running servers cache what they read of a device for a moment; on PostgreSQL they are told now.
            if case .postgres(let url) = database.configuration {
                let bus = try PostgresEventBus(database: database, url: url, logger: Logger(label: "relay-backend.admin"))
                await bus.publish(ConfirmedSubjectCache.channel, ConfirmedSubjectCache.message(forgetting: deviceId))
            }
            print("revoked: \(deviceId.uuidString.lowercased())")
        }
    }
}

struct RotateSigningKey: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate-signing-key",
        abstract: "Make a new token-signing key; tokens signed by the old one stay valid until they expire.")
    @OptionGroup var options: ConfigOptions

    func run() async throws {
        try await AdminCommand.withDatabase(options) { database in
            let tokens = TokenService(issuer: "", repository: SQLAuthRepository(database: database), configuredKeyPEM: nil)
            print("kid: \(try await tokens.rotate())")
        }
    }
}
