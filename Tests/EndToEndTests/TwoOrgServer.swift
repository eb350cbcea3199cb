import BackendApp
import BackendCore
import Foundation
import RelayAPI
import TestSupport

/// A live server on `store` with its job worker, and an operator in each of two orgs — the world the
/// video and multi-camera end-to-end tests run in.
enum TwoOrgServer {
    struct Running: Sendable {
        let base: String
        let tokenA: String
        let tokenB: String
        let services: AppServices
    }

    static func run(
        _ store: String, extra: [String: String], database: String = "sqlite", _ body: @escaping @Sendable (Running) async throws -> Void
    ) async throws {
        let port = freeLoopbackPort()
        var configuration = try CaptureEndToEndTests.storeConfiguration(store)
        configuration["port"] = "\(port)"
        configuration["public_url"] = "http://127.0.0.1:\(port)"
        configuration.merge(extra) { $1 }
        try await TestApp.with(database, extra: configuration) { services, router in
            let admin = services.auth.admin
            var tokens: [String] = []
            for name in ["A", "B"] {
                let org = try await admin.createOrg(name: "Org \(name) \(UUID().uuidString.prefix(6))")
                let email = "operator-\(UUID().uuidString.prefix(6))@example.com"
                _ = try await admin.createUser(orgId: org.id, email: email, name: "Operator", role: "operator", siteIds: [], password: "a good long password")
                tokens.append(try await services.auth.login(LoginRequest(email: email, password: "a good long password")).accessToken)
            }
            let worker = JobWorkerService(
                queue: services.jobQueue, handlers: JobHandlerRegistry.standard(services: services),
                configuration: JobWorkerConfiguration(concurrency: 2, pollInterval: .milliseconds(50)), workerId: "e2e-\(store)",
                logger: TestDatabase.logger)
            let running = Running(base: "http://127.0.0.1:\(port)", tokenA: tokens[0], tokenB: tokens[1], services: services)
            try await TestApp.serve(router, port: port) { _ in
                // The worker is done before the database closes: a job still running (ingesting a file the
                // test left behind) would otherwise reach a closed database.
                try await worker.running { try await body(running) }
            }
        }
    }
}
