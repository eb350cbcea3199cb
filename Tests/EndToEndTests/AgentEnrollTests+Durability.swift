import AgentCore
import BackendApp
import Foundation
import Testing
import TestSupport

extension AgentEnrollTests {
    static var strace: URL? {
        ["/usr/bin/strace", "/bin/strace"].map(URL.init(fileURLWithPath:)).first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    @Test(
        "enroll makes its credentials durable: after the rename onto credentials.json the state directory is synced (traced with strace)",
        .enabled(if: strace != nil))
    func credentialsRenameIsSynced() async throws {
        let port = freeLoopbackPort()
        try await TestApp.with("sqlite", extra: ["port": "\(port)", "public_url": "http://127.0.0.1:\(port)"]) { services, router in
            let org = try await services.auth.admin.createOrg(name: "Durable Org")
            let site = try await services.auth.admin.createSite(orgId: org.id, name: "Turntable")
            let (_, secret) = try await services.auth.admin.createEnrollmentKey(orgId: org.id, siteId: site.id, uses: 1, expiresIn: 3600)
            try await TestApp.serve(router, port: port) { base in
                let state = try TestEnvironment.temporaryDirectory("agent-durable")
                defer { try? FileManager.default.removeItem(at: state) }
                let trace = state.deletingLastPathComponent().appendingPathComponent("strace-\(UUID().uuidString.prefix(8)).log")
                defer { try? FileManager.default.removeItem(at: trace) }
                let process = Process()
                process.executableURL = try #require(Self.strace)
                process.arguments = [
                    "-f", "-y", "-qq", "-e", "trace=rename,renameat,renameat2,fsync,fdatasync", "-o", trace.path, AgentQCCommandTests.executable.path,
                    "enroll", "--server", base, "--org", org.id.uuidString, "--state-dir", state.path, "--timeout", "120",
                ]
                process.environment = BackendProcess.cleanEnvironment().merging(["RELAY_ENROLLMENT_KEY": secret]) { $1 }
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                while process.isRunning { try await Task.sleep(for: .milliseconds(50)) }
                #expect(process.terminationStatus == 0)
                let lines = try String(contentsOf: trace, encoding: .utf8).split(separator: "\n").map(String.init)
                let rename = try #require(lines.firstIndex { $0.contains("rename") && $0.contains("credentials.json") }, "\(lines)")
                let directorySync = lines[(rename + 1)...].contains { line in
                    (line.contains("fsync(") || line.contains("fdatasync(")) && line.contains("<\(state.path)>")
                }
                #expect(directorySync, "no fsync of \(state.path) after the rename: \(lines.suffix(8))")
            }
        }
    }
}
