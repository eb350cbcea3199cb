import AgentCore
import ArgumentParser
import Foundation
import RelayClient

/// `relay-agent doctor`: checks what an unattended box needs — state directory writable, disk space,
/// watch folders readable, backend reachable, clock skew against the server, token valid. Exit status 1
/// when any check fails.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "doctor", abstract: "Check directories, disk, backend, clock and token.")

    struct Check: Codable {
        var name: String
        /// `ok`, `warn` or `fail`.
        var status: String
        var detail: String
    }

    @OptionGroup var options: AgentOptions
    @Flag(help: "JSON array of checks.") var json = false
    @Option(help: "Free space below which disk checks warn (bytes).") var minFreeBytes: Int64 = 1_000_000_000

    func run() async throws {
        var checks: [Check] = []
        let configuration: AgentConfiguration?
        do {
            configuration = try options.optionalConfiguration()
            checks.append(Check(name: "config", status: configuration == nil ? "warn" : "ok",
                detail: configuration == nil ? "no \(options.configPath) (run needs it)" : options.configPath))
        } catch {
            configuration = nil
            checks.append(Check(name: "config", status: "fail", detail: "\(error)"))
        }
        let state = try options.stateDirectory()
        checks.append(Self.writable(state, name: "state_dir"))
        checks.append(Self.space(state, name: "state_disk", minimum: minFreeBytes))
        for folder in configuration?.allFolders ?? [] {
            let readable = FileManager.default.isReadableFile(atPath: folder.path)
            checks.append(Check(name: "watch_folder", status: readable ? "ok" : "fail", detail: readable ? folder.path : "\(folder.path) is missing or unreadable"))
        }
        if let configuration, configuration.deleteOriginalsAfterHours != nil {
            checks += configuration.watchFolders.map { Self.deletable($0, depth: 1) }
            checks += configuration.recordingFolders.map { Self.deletable($0, depth: 2) }
        }
        if let configuration { checks.append(Self.watches(configuration, state: state)) }
        checks += await backendChecks(state: state)
        if json {
            print(String(decoding: try jsonEncoder.encode(checks), as: UTF8.self))
        } else {
            for check in checks { print("\(check.status.uppercased().padding(toLength: 5, withPad: " ", startingAt: 0)) \(check.name): \(check.detail)") }
        }
        if checks.contains(where: { $0.status == "fail" }) { throw ExitCode(1) }
    }

    func backendChecks(state: URL) async -> [Check] {
        let credentials: DeviceCredentials?
        do {
            credentials = try CredentialStore(stateDirectory: state).load()
        } catch {
            return [Check(name: "credentials", status: "fail", detail: "\(error)")]
        }
        guard let credentials else {
            return [Check(name: "credentials", status: "fail", detail: "not enrolled (run `relay-agent enroll`)")]
        }
        var checks = [Check(name: "credentials", status: "ok", detail: "device \(credentials.deviceId), org \(credentials.orgId)")]
        let client = RelayClient(baseURL: credentials.server, accessToken: credentials.accessToken, timeout: .seconds(5))
        do {
            let (serverDate, roundTrip) = try await client.serverClock()
            checks.append(Check(name: "backend", status: "ok", detail: String(format: "%@ answered in %.0f ms", credentials.server, roundTrip * 1000)))
            if let serverDate {
                let skew = Date().timeIntervalSince(serverDate) - roundTrip / 2
                let status = abs(skew) > 300 ? "fail" : abs(skew) > 30 ? "warn" : "ok"
                checks.append(Check(name: "clock", status: status, detail: String(format: "%+.1f s against the server%@", skew,
                    status == "ok" ? "" : " (presigned URLs and tokens depend on the clock: enable NTP)")))
            } else {
                checks.append(Check(name: "clock", status: "warn", detail: "the server sent no Date header"))
            }
        } catch {
            checks.append(Check(name: "backend", status: "fail", detail: "\(error)"))
            return checks
        }
        if credentials.expiresAt <= Date() {
            checks.append(Check(name: "token", status: "warn", detail: "expired \(ISO8601DateFormatter().string(from: credentials.expiresAt)); the daemon refreshes it with the device key"))
            do {
                _ = try await RelayClient(baseURL: credentials.server, timeout: .seconds(5)).deviceAuth(try credentials.refreshRequest())
                checks.append(Check(name: "device_key", status: "ok", detail: "the backend accepts the device key"))
            } catch {
                checks.append(Check(name: "device_key", status: "fail", detail: "the backend refuses the device key: \(error)"))
            }
            return checks
        }
        do {
            let me = try await client.me()
            checks.append(Check(name: "token", status: "ok", detail: "valid until \(ISO8601DateFormatter().string(from: credentials.expiresAt)) (role \(me.role))"))
        } catch {
            checks.append(Check(name: "token", status: "fail", detail: "\(error)"))
        }
        return checks
    }

    static func writable(_ directory: URL, name: String) -> Check {
        let probe = directory.appendingPathComponent(".doctor-\(getpid())")
        guard FileManager.default.createFile(atPath: probe.path, contents: Data("x".utf8)) else {
            return Check(name: name, status: "fail", detail: "\(directory.path) is not writable (missing, permissions or disk full)")
        }
        try? FileManager.default.removeItem(at: probe)
        return Check(name: name, status: "ok", detail: "\(directory.path) is writable")
    }

    /// With `delete_originals_after_hours` the agent deletes uploaded files: the folder and its session
    /// folders must be writable (under systemd, listed in `ReadWritePaths`).
    /// (`access` answers for whoever runs `doctor`: run it as the agent's user, e.g. `sudo -u relay-agent`.)
    static func deletable(_ folder: URL, depth: Int) -> Check {
        func subfolders(_ url: URL) -> [URL] {
            ((try? FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: [.isDirectoryKey])) ?? [])
                .filter { (try? $0.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true && !$0.lastPathComponent.hasPrefix(".") }
        }
        var folders = [folder], level = [folder]
        for _ in 0..<depth {
            level = level.flatMap(subfolders)
            folders += level
        }
        let locked = folders.filter { access($0.path, W_OK | X_OK) != 0 }
        guard locked.isEmpty else {
            let names = locked.prefix(3).map(\.path).joined(separator: ", ")
            return Check(
                name: "delete_originals", status: "fail",
                detail: "delete_originals_after_hours is set but \(names)\(locked.count > 3 ? " and \(locked.count - 3) more" : "") cannot be written")
        }
        return Check(name: "delete_originals", status: "ok", detail: "uploaded files in \(folder.path) can be deleted")
    }

    static func space(_ directory: URL, name: String, minimum: Int64) -> Check {
        var stats = statvfs()
        guard statvfs(directory.path, &stats) == 0 else {
            return Check(name: name, status: "fail", detail: "cannot stat \(directory.path): \(String(cString: strerror(errno)))")
        }
        let free = Int64(stats.f_bavail) * Int64(stats.f_frsize)
        let text = String(format: "%.2f GB free on %@", Double(free) / 1e9, directory.path)
        return Check(name: name, status: free < minimum ? "warn" : "ok", detail: text)
    }
}
