import AgentCore
import ArgumentParser
import Foundation
import RelayAPI
import RelayClient

/// `relay-agent enroll`: enroll this box with the backend and keep the credentials (0600) in the state
/// directory. The enrollment key can come from `--key`, or `RELAY_ENROLLMENT_KEY` so it stays out of `ps`.
struct EnrollCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "enroll", abstract: "Enroll this box as a Relay device.")

    @Option(help: "Backend URL, e.g. https://relay.example.com") var server: String
    @Option(help: "Org id.") var org: String
    @Option(help: "Site id the enrollment key binds the device to (checked).") var site: String?
    @Option(help: "Enrollment key (rk_…); or set RELAY_ENROLLMENT_KEY.") var key: String?
    @Option(help: "State directory (default /var/lib/relay-agent or RELAY_AGENT_STATE_DIR).") var stateDir: String?
    @Option(help: "Device model reported to the backend (default: this host's name).") var model: String?
    @Flag(help: "Enroll again as a new device, replacing existing credentials.") var force = false
    @Option(help: "Seconds to wait for each backend answer (a refused connection is retried until then).") var timeout: Int = 10

    func run() async throws {
        guard (1...600).contains(timeout) else { throw ValidationError("--timeout must be 1 to 600 seconds") }
        guard let secret = key ?? ProcessInfo.processInfo.environment["RELAY_ENROLLMENT_KEY"], !secret.isEmpty else {
            throw ValidationError("give the enrollment key with --key or RELAY_ENROLLMENT_KEY")
        }
        let state = stateDir ?? ProcessInfo.processInfo.environment["RELAY_AGENT_STATE_DIR"] ?? "/var/lib/relay-agent"
        let enrollment = Enrollment(store: CredentialStore(stateDirectory: URL(fileURLWithPath: state)))
        do {
            let credentials = try await enrollment.enroll(
                server: server, orgId: org, siteId: site, enrollmentKey: secret,
                model: model ?? Self.hostName(), appVersion: RelayVersion.current, force: force, timeoutSeconds: timeout)
            print("enrolled: device \(credentials.deviceId) (org \(credentials.orgId), site \(credentials.siteId ?? "any"))")
            print("credentials: \(enrollment.store.file.path)")
        } catch let error as RelayClientError {
            FileHandle.standardError.write(Data("error: enrollment refused: \(error)\n".utf8))
            throw ExitCode(error.status == nil ? 3 : 2)
        } catch let error as EnrollmentError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(2)
        } catch let error as CredentialsError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }

    /// This machine's host name without a DNS lookup (`ProcessInfo.hostName` resolves it, which hangs
    /// for seconds on a studio box with no DNS).
    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "relay-agent" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "relay-agent" : name
    }
}
