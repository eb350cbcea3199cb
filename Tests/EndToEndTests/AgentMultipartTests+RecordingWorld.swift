import BackendApp
import Foundation
import TestSupport

extension AgentMultipartTests {
    /// A live backend on PostgreSQL + SeaweedFS (5 MiB parts) serving an enrolled agent whose recording
    /// folder is `recordings` (project `church-main`), with `settings` added to its configuration; `body`
    /// runs while the backend serves. Everything is removed afterwards.
    static func withRecordingWorld(
        _ label: String, settings: [String: Any], _ body: @escaping @Sendable (AppServices, AgentWorld, URL) async throws -> Void
    ) async throws {
        let port = freeLoopbackPort()
        let recordings = try TestEnvironment.temporaryDirectory(label)
        defer { try? FileManager.default.removeItem(at: recordings) }
        var backend = try AgentRunTests.configuration(port: port)
        backend["multicam_min_part_mib"] = "5"
        try await TestApp.with("postgres", extra: backend) { services, router in
            let (world, key, orgId) = try await AgentWorld.make(
                services: services, port: port,
                settings: ["recording_folders": [recordings.path], "project_id": "church-main"].merging(settings) { $1 })
            defer { try? FileManager.default.removeItem(at: world.root) }
            try await TestApp.serve(router, port: port) { _ in
                try await world.enroll(orgId: orgId, key: key)
                try await body(services, world, recordings)
            }
        }
    }
}
