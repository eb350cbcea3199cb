import Foundation
import Testing
import TestSupport

/// `provisioning/install-backend.sh` against a temporary root: the single-process default and the
/// PostgreSQL + S3 + separate workers variant, role changes on re-runs, refusals, and both units
/// through `systemd-analyze verify`.
@Suite("backend provisioning and systemd units")
struct BackendProvisioningTests {
    static var script: String { ProvisioningTests.repo.appendingPathComponent("provisioning/install-backend.sh").path }

    static func wanted(_ root: URL) throws -> [String: String] {
        let wants = root.appendingPathComponent("etc/systemd/system/multi-user.target.wants")
        var links: [String: String] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: wants.path)) ?? [] {
            links[name] = try FileManager.default.destinationOfSymbolicLink(atPath: wants.appendingPathComponent(name).path)
        }
        return links
    }

    @Test("api+workers on PostgreSQL and S3: env file 0640 with the keys, RELAY_WORKER=none, three worker instances; a role change re-points them")
    func fleetRoles() throws {
        let root = try TestEnvironment.temporaryDirectory("provision-backend")
        defer { try? FileManager.default.removeItem(at: root) }
        let binary = BackendProcess.executable.path
        let base = ["bash", Self.script, "--root", root.path, "--binary", binary]
        let keys = ["RELAY_S3_ACCESS_KEY_ID": "AKIDEXAMPLE", "RELAY_S3_SECRET_ACCESS_KEY": "s3cr3t-never-on-the-command-line"]

        // Refusals write nothing.
        let noDatabase = try ProvisioningTests.sh(base + ["--role", "api"])
        #expect(noDatabase.status == 2 && noDatabase.output.contains("--database-url"), "\(noDatabase.output)")
        let sqliteURL = try ProvisioningTests.sh(base + ["--role", "workers", "--database-url", "sqlite:///tmp/x"])
        #expect(sqliteURL.status == 2 && sqliteURL.output.contains("postgres://"), "\(sqliteURL.output)")
        let noKeys = try ProvisioningTests.sh(base + ["--s3-endpoint", "http://s3.internal:8333", "--s3-bucket", "relay"])
        #expect(noKeys.status == 2 && noKeys.output.contains("RELAY_S3_SECRET_ACCESS_KEY"), "\(noKeys.output)")
        let badRole = try ProvisioningTests.sh(base + ["--role", "cluster"])
        #expect(badRole.status == 2)
        let injected = try ProvisioningTests.sh(base + ["--role", "api", "--database-url", "postgres://db/relay\nRELAY_WORKER=in-process"])
        #expect(injected.status == 2, "\(injected.output)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).isEmpty, "a refused run writes nothing")

        let fleet = base + [
            "--role", "api+workers", "--workers", "3", "--database-url", "postgres://relay:pw@db.internal:5432/relay",
            "--s3-endpoint", "http://s3.internal:8333", "--s3-bucket", "relay", "--public-url", "https://relay.example.com",
        ]
        let dry = try ProvisioningTests.sh(fleet + ["--dry-run"], environment: keys)
        #expect(dry.status == 0, "\(dry.output)")
        #expect(dry.output.contains("RELAY_DATABASE_URL=postgres://relay:pw@db.internal:5432/relay"))
        #expect(!dry.output.contains("s3cr3t"), "--dry-run prints no secret")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).isEmpty, "--dry-run wrote: \(dry.output)")

        let first = try ProvisioningTests.sh(fleet, environment: keys)
        #expect(first.status == 0, "\(first.output)")
        let envFile = root.appendingPathComponent("etc/relay/backend.env")
        let env = try String(contentsOf: envFile, encoding: .utf8)
        for line in [
            "RELAY_DATABASE_URL=postgres://relay:pw@db.internal:5432/relay", "RELAY_BLOB_STORE=s3", "RELAY_S3_ENDPOINT=http://s3.internal:8333",
            "RELAY_S3_BUCKET=relay", "RELAY_S3_ACCESS_KEY_ID=AKIDEXAMPLE", "RELAY_S3_SECRET_ACCESS_KEY=s3cr3t-never-on-the-command-line",
            "RELAY_PUBLIC_URL=https://relay.example.com",
        ] {
            #expect(env.split(separator: "\n").contains(Substring(line)), "\(line) in \(env)")
        }
        let envMode = try #require((try FileManager.default.attributesOfItem(atPath: envFile.path)[.posixPermissions] as? NSNumber)?.intValue)
        #expect(envMode == 0o640)
        let roleConf = root.appendingPathComponent("etc/systemd/system/relay-backend.service.d/role.conf")
        #expect(try String(contentsOf: roleConf, encoding: .utf8).contains("Environment=RELAY_WORKER=none"))
        #expect(try Self.wanted(root) == [
            "relay-backend.service": "/etc/systemd/system/relay-backend.service",
            "relay-worker@1.service": "/etc/systemd/system/relay-worker@.service",
            "relay-worker@2.service": "/etc/systemd/system/relay-worker@.service",
            "relay-worker@3.service": "/etc/systemd/system/relay-worker@.service",
        ])

        // This box becomes a worker box with one worker: the API and the extra workers are no longer wanted;
        // the configuration is kept (and the options that would change it are reported as not applied).
        let workersOnly = try ProvisioningTests.sh(base + ["--role", "workers", "--workers", "1"])
        #expect(workersOnly.status == 0, "\(workersOnly.output)")
        #expect(workersOnly.output.contains("keeping"))
        #expect(try String(contentsOf: envFile, encoding: .utf8) == env)
        #expect(try Self.wanted(root) == ["relay-worker@1.service": "/etc/systemd/system/relay-worker@.service"])

        // Back to one process: the API with its in-process worker, no worker units.
        let single = try ProvisioningTests.sh(base)
        #expect(single.status == 0, "\(single.output)")
        #expect(try String(contentsOf: roleConf, encoding: .utf8).contains("Environment=RELAY_WORKER=in-process"))
        #expect(try Self.wanted(root) == ["relay-backend.service": "/etc/systemd/system/relay-backend.service"])

        // Both units pass systemd's own checks (ExecStart pointed at the real binary; the template as instance 1).
        let verifyDir = root.appendingPathComponent("verify")
        try FileManager.default.createDirectory(at: verifyDir, withIntermediateDirectories: true)
        for (installed, checkedName) in [("relay-backend.service", "relay-backend.service"), ("relay-worker@.service", "relay-worker@1.service")] {
            let unit = try String(contentsOf: root.appendingPathComponent("etc/systemd/system/\(installed)"), encoding: .utf8)
            let checked = verifyDir.appendingPathComponent(checkedName)
            try unit.replacingOccurrences(of: "/usr/local/bin/relay-backend", with: binary)
                .replacingOccurrences(of: "User=relay\nGroup=relay\n", with: "")
                .write(to: checked, atomically: true, encoding: .utf8)
            let verify = try ProvisioningTests.sh(["systemd-analyze", "verify", checked.path])
            #expect(verify.status == 0, "\(checkedName): \(verify.output)")
            #expect(!verify.output.contains("\(checkedName):"), "systemd-analyze warned: \(verify.output)")
        }
    }
}
