import AgentCore
import BackendApp
import Foundation
import RelayAPI
import RelayClient
import Testing
import TestSupport

/// `relay-agent enroll` against a live backend, then the stored credentials in use.
@Suite("relay-agent enroll", .serialized)
struct AgentEnrollTests {
    /// Runs relay-agent without blocking a cooperative thread while the in-process server answers it.
    static func agent(_ arguments: [String], environment: [String: String] = [:]) async throws -> (status: Int32, stdout: String, stderr: String) {
        try await ChildProcess.run(
            AgentQCCommandTests.executable, arguments, environment: BackendProcess.cleanEnvironment().merging(environment) { $1 })
    }

    @Test("enroll stores 0600 credentials that work; refresh by key proof; re-enroll and bad keys are refused clearly")
    func enroll() async throws {
        let port = freeLoopbackPort()
        try await TestApp.with("sqlite", extra: ["port": "\(port)", "public_url": "http://127.0.0.1:\(port)"]) { services, router in
            let org = try await services.auth.admin.createOrg(name: "Agent Org")
            let site = try await services.auth.admin.createSite(orgId: org.id, name: "Turntable 1")
            let (_, secret) = try await services.auth.admin.createEnrollmentKey(orgId: org.id, siteId: site.id, uses: 2, expiresIn: 3600)
            try await TestApp.serve(router, port: port) { base in
                let state = try TestEnvironment.temporaryDirectory("agent-state")
                defer { try? FileManager.default.removeItem(at: state) }
                // The backend is served in this test process, which shares two cores with the whole suite: each
                // answer may take longer than the default 10 s.
                let args = [
                    "enroll", "--server", base, "--org", org.id.uuidString, "--site", site.id.uuidString, "--state-dir", state.path,
                    "--timeout", "120",
                ]
                let first = try await Self.agent(args, environment: ["RELAY_ENROLLMENT_KEY": secret])
                #expect(first.status == 0, "\(first.stderr)")
                #expect(first.stdout.contains("enrolled: device "))
                #expect(!first.stdout.contains(secret))

                let store = CredentialStore(stateDirectory: state)
                let attributes = try FileManager.default.attributesOfItem(atPath: store.file.path)
                #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
                let credentials = try #require(try store.load())
                #expect(credentials.siteId == site.id.uuidString.lowercased())
                let me = try await RelayClient(baseURL: base, accessToken: credentials.accessToken).me()
                #expect(me.kind == "device")
                #expect(me.id == credentials.deviceId)

                let refreshed = try await Enrollment(store: store).refresh(credentials)
                #expect(refreshed.accessToken != credentials.accessToken || refreshed.expiresAt >= credentials.expiresAt)
                #expect(try store.load()?.accessToken == refreshed.accessToken)
                #expect(try await RelayClient(baseURL: base, accessToken: refreshed.accessToken).me().id == credentials.deviceId)

                let again = try await Self.agent(args, environment: ["RELAY_ENROLLMENT_KEY": secret])
                #expect(again.status == 2)
                #expect(again.stderr.contains("already enrolled"))

                let other = try TestEnvironment.temporaryDirectory("agent-state")
                defer { try? FileManager.default.removeItem(at: other) }
                let badKey = try await Self.agent(
                    ["enroll", "--server", base, "--org", org.id.uuidString, "--key", "rk_wrong", "--state-dir", other.path, "--timeout", "120"])
                #expect(badKey.status == 2)
                #expect(badKey.stderr.contains("ENROLLMENT_KEY_INVALID"))
                #expect(try CredentialStore(stateDirectory: other).load() == nil)

                let unreachable = try await Self.agent(
                    ["enroll", "--server", "http://127.0.0.1:\(freeLoopbackPort())", "--org", org.id.uuidString, "--key", secret,
                        "--state-dir", other.path])
                #expect(unreachable.status == 3)
                #expect(unreachable.stderr.contains("unreachable"))

                let badTimeout = try await Self.agent(args + ["--timeout", "0"], environment: ["RELAY_ENROLLMENT_KEY": secret])
                #expect(badTimeout.status == 64)
                #expect(badTimeout.stderr.contains("--timeout must be 1 to 600 seconds"))
            }
        }
    }
}
