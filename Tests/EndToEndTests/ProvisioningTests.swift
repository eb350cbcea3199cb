import AgentCore
import Foundation
import Testing
import TestSupport

/// `provisioning/install-agent.sh` against a temporary root, and the agent's systemd unit through
/// `systemd-analyze verify`.
@Suite("agent provisioning and systemd unit")
struct ProvisioningTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func sh(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static var script: String { repo.appendingPathComponent("provisioning/install-agent.sh").path }

    func mode(_ url: URL) throws -> Int {
        try #require((try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? NSNumber)?.intValue)
    }

    @Test("install into a temporary root: binary, 0700 state, setgid watch folders, config, unit and drop-in; idempotent; --dry-run changes nothing")
    func installIntoRoot() throws {
        let root = try TestEnvironment.temporaryDirectory("provision-root")
        defer { try? FileManager.default.removeItem(at: root) }
        let binary = AgentQCCommandTests.executable.path
        let args = ["bash", Self.script, "--root", root.path, "--binary", binary, "--watch", "/srv/capture", "--watch", "/srv/cam 2"]
        let badWatch = try Self.sh(args)
        #expect(badWatch.status == 2)
        #expect(badWatch.output.contains("must not contain"))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("usr").path), "a refused run writes nothing")

        let dry = try Self.sh(["bash", Self.script, "--root", root.path, "--binary", binary, "--watch", "/srv/capture", "--dry-run"])
        #expect(dry.status == 0, "\(dry.output)")
        #expect(dry.output.contains("would run: install -m 0755 \(binary)"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).isEmpty, "--dry-run wrote: \(dry.output)")

        let install = ["bash", Self.script, "--root", root.path, "--binary", binary, "--watch", "/srv/capture", "--watch", "/srv/cam2", "--site", "b7c1"]
        let first = try Self.sh(install)
        #expect(first.status == 0, "\(first.output)")
        let installed = root.appendingPathComponent("usr/local/bin/relay-agent")
        #expect(FileManager.default.isExecutableFile(atPath: installed.path))
        #expect(try mode(root.appendingPathComponent("var/lib/relay-agent")) == 0o700)
        #expect(try mode(root.appendingPathComponent("srv/capture")) == 0o2775)
        let config = root.appendingPathComponent("etc/relay-agent/agent.json")
        let parsed = try AgentConfiguration.load(from: config)
        #expect(parsed.watchFolders.map(\.path) == ["/srv/capture", "/srv/cam2"])
        #expect(parsed.siteId == "b7c1")
        let dropIn = try String(contentsOf: root.appendingPathComponent("etc/systemd/system/relay-agent.service.d/watch-folders.conf"), encoding: .utf8)
        #expect(dropIn.contains("ReadWritePaths=/srv/capture /srv/cam2"))

        // Re-provisioning keeps the operator's configuration and succeeds.
        try Data(#"{"watch_folders": ["/srv/capture"], "frame_count": 36}"#.utf8).write(to: config)
        let second = try Self.sh(install)
        #expect(second.status == 0, "\(second.output)")
        #expect(second.output.contains("keeping"))
        #expect(try AgentConfiguration.load(from: config).frameCount == 36)

        // The installed unit passes systemd's own checks (ExecStart pointed at the installed binary).
        let unit = try String(contentsOf: root.appendingPathComponent("etc/systemd/system/relay-agent.service"), encoding: .utf8)
        #expect(unit.contains("Type=notify") && unit.contains("WatchdogSec=") && unit.contains("StateDirectory=relay-agent"))
        let checkDir = root.appendingPathComponent("verify")
        try FileManager.default.createDirectory(at: checkDir, withIntermediateDirectories: true)
        let checked = checkDir.appendingPathComponent("relay-agent.service")
        try unit.replacingOccurrences(of: "/usr/local/bin/relay-agent", with: installed.path).write(to: checked, atomically: true, encoding: .utf8)
        let verify = try Self.sh(["systemd-analyze", "verify", checked.path])
        #expect(verify.status == 0, "\(verify.output)")
        #expect(!verify.output.contains("relay-agent.service:"), "systemd-analyze warned: \(verify.output)")

        // The optional status page's unit is installed beside it (not enabled) and passes the same checks.
        let statusUnit = try String(contentsOf: root.appendingPathComponent("etc/systemd/system/relay-agent-status.service"), encoding: .utf8)
        #expect(statusUnit.contains("status --serve 127.0.0.1:8765") && statusUnit.contains("IPAddressAllow=localhost"))
        let checkedStatus = checkDir.appendingPathComponent("relay-agent-status.service")
        try statusUnit.replacingOccurrences(of: "/usr/local/bin/relay-agent", with: installed.path).write(to: checkedStatus, atomically: true, encoding: .utf8)
        let verifyStatus = try Self.sh(["systemd-analyze", "verify", checkedStatus.path])
        #expect(verifyStatus.status == 0 && !verifyStatus.output.contains("relay-agent-status.service:"), "\(verifyStatus.output)")
    }

    @Test("a recordings box: recording folders, project and deletion of originals in the config and the drop-in; bad values are refused")
    func installRecordings() throws {
        let root = try TestEnvironment.temporaryDirectory("provision-rec")
        defer { try? FileManager.default.removeItem(at: root) }
        let base = ["bash", Self.script, "--root", root.path, "--binary", AgentQCCommandTests.executable.path, "--recordings", "/srv/recordings"]
        let refused = try Self.sh(base)
        #expect(refused.status == 2)
        #expect(refused.output.contains("--project"))
        for hours in ["one", "-1", "87601", "1.5"] {
            let bad = try Self.sh(base + ["--project", "church-main", "--delete-originals-after-hours", hours])
            #expect(bad.status == 2 && bad.output.contains("--delete-originals-after-hours"), "\(hours): \(bad.output)")
        }
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("etc/relay-agent/agent.json").path), "nothing written when refused")
        let installed = try Self.sh(base + ["--project", "church-main", "--delete-originals-after-hours", "048"])
        #expect(installed.status == 0, "\(installed.output)")
        let parsed = try AgentConfiguration.load(from: root.appendingPathComponent("etc/relay-agent/agent.json"))
        #expect(parsed.watchFolders.isEmpty, "no default capture folder on a recordings-only box")
        #expect(parsed.recordingFolders.map(\.path) == ["/srv/recordings"])
        #expect(parsed.projectId == "church-main")
        #expect(parsed.deleteOriginalsAfterHours == 48)
        // Re-run: the existing configuration is kept, and a flag it does not reflect is called out.
        let same = try Self.sh(base + ["--project", "church-main", "--delete-originals-after-hours", "48"])
        #expect(same.status == 0 && !same.output.contains("is not applied"), "\(same.output)")
        let other = try Self.sh(base + ["--project", "church-main", "--delete-originals-after-hours", "4"])
        #expect(other.status == 0 && other.output.contains("--delete-originals-after-hours 4 is not applied"), "\(other.output)")
        #expect(try AgentConfiguration.load(from: root.appendingPathComponent("etc/relay-agent/agent.json")).deleteOriginalsAfterHours == 48)
        #expect(try mode(root.appendingPathComponent("srv/recordings")) == 0o2775)
        let dropIn = try String(contentsOf: root.appendingPathComponent("etc/systemd/system/relay-agent.service.d/watch-folders.conf"), encoding: .utf8)
        #expect(dropIn.contains("ReadWritePaths=/srv/recordings"))
    }
}
