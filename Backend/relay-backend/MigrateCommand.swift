import ArgumentParser
import BackendApp
import BackendStore

/// `relay-backend migrate`: bring the database schema up to date and exit.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Apply pending database migrations and exit.")

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let configuration = try options.load()
        let (logger, _) = Bootstrap.run(configuration)
        let database = try await RelayDatabase.open(configuration.database, logger: logger)
        do {
            let ran = try await database.migrate()
            print(ran.isEmpty ? "database is up to date (\(configuration.database))" : "applied: \(ran.joined(separator: ", "))")
            await database.shutdown()
        } catch {
            await database.shutdown()
            throw error
        }
    }
}
