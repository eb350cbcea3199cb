import AsyncHTTPClient
import BackendCore
import Crypto
import Foundation
import NIOCore
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The `relay-backend` executable itself: defaults, admin CLI, migrate, graceful shutdown on SIGTERM.
@Suite("relay-backend process", .serialized)
struct BackendProcessTests {
    func get(_ url: String) async throws -> (Int, String, String?) {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: body), response.headers.first(name: "Content-Type"))
    }

    @Test("serve with no configuration: SQLite + ./data, health, readiness, metrics; SIGTERM exits 0")
    func defaults() async throws {
        let cwd = try TestEnvironment.temporaryDirectory("relay-defaults")
        defer { try? FileManager.default.removeItem(at: cwd) }
        // The true defaults listen on 127.0.0.1:8080; if something else holds 8080 here, only the port is set.
        let port8080Free = BackendProcessTests.canBind(8080)
        let port = port8080Free ? 8080 : freeLoopbackPort()
        let arguments = port8080Free ? [] : ["serve", "--port", "\(port)"]
        let process = try await BackendProcess.startServer(arguments, cwd: cwd, port: port)
        defer { if process.isRunning { process.terminate() } }

        #expect(FileManager.default.fileExists(atPath: cwd.appendingPathComponent("data/relay.sqlite").path))
        #expect(FileManager.default.fileExists(atPath: cwd.appendingPathComponent("data/blobs").path))
        let (healthStatus, health, _) = try await get("http://127.0.0.1:\(port)/v1/health")
        #expect(healthStatus == 200)
        #expect(health.contains(#""status":"ok""#))
        let (readyStatus, ready, _) = try await get("http://127.0.0.1:\(port)/v1/ready")
        #expect(readyStatus == 200)
        #expect(ready.contains(#""database":{"status":"ok"}"#))
        #expect(ready.contains(#""blob_store":{"status":"ok"}"#))
        let (metricsStatus, metrics, contentType) = try await get("http://127.0.0.1:\(port)/metrics")
        #expect(metricsStatus == 200)
        #expect(contentType?.hasPrefix("text/plain") == true)
        #expect(metrics.contains("hb_requests_total") || metrics.contains("hb_requests"))
        #expect(metrics.contains("# TYPE"))

        kill(process.processIdentifier, SIGTERM)
        #expect(try await BackendProcess.waitForExit(process, timeout: .seconds(20)) == 0)
        let log = try String(contentsOf: cwd.appendingPathComponent("server.log"), encoding: .utf8)
        #expect(log.contains("relay-backend listening"))
        #expect(log.contains("level=info"))
    }

    @Test("SIGTERM lets an in-flight upload finish, then exits 0")
    func gracefulShutdown() async throws {
        let cwd = try TestEnvironment.temporaryDirectory("relay-graceful")
        defer { try? FileManager.default.removeItem(at: cwd) }
        let port = freeLoopbackPort()
        let dataDir = cwd.appendingPathComponent("data")
        let process = try await BackendProcess.startServer(
            ["serve", "--port", "\(port)", "--data-dir", dataDir.path], cwd: cwd, port: port)
        defer { if process.isRunning { process.terminate() } }

        // Sign a URL with the server's own key (it generated and kept it in the data dir).
        let secret = try Data(contentsOf: dataDir.appendingPathComponent("secrets/blob-signing.key"))
        let store = try LocalBlobStore(
            root: dataDir.appendingPathComponent("blobs"), publicBaseURL: "http://127.0.0.1:\(port)",
            signer: LocalBlobURLSigner(secret: secret))
        let key = BlobKey(segments: "graceful", "upload.bin")
        let payload = Data((0..<2_000_000).map { UInt8(truncatingIfNeeded: $0 &* 13) })
        let sha = SecretToken.hex(SHA256.hash(data: payload))
        let put = try await store.presignPut(key: key, contentType: "application/octet-stream", sha256: sha, expiresIn: .seconds(300))

        let (chunks, feed) = AsyncStream<ByteBuffer>.makeStream()
        var request = HTTPClientRequest(url: put.url)
        request.method = .PUT
        for (name, value) in put.headers { request.headers.add(name: name, value: value) }
        request.body = .stream(chunks, length: .known(Int64(payload.count)))
        let upload = Task { () throws -> Int in
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
            _ = try await response.body.collect(upTo: 1 << 20)
            return Int(response.status.code)
        }
        feed.yield(ByteBuffer(bytes: payload.prefix(1_000_000)))
        try await Task.sleep(for: .milliseconds(500))
        kill(process.processIdentifier, SIGTERM)
        try await Task.sleep(for: .milliseconds(700))
        #expect(process.isRunning, "the server must wait for the in-flight request")
        feed.yield(ByteBuffer(bytes: payload.suffix(from: 1_000_000)))
        feed.finish()
        #expect(try await upload.value == 200)
        #expect(try await BackendProcess.waitForExit(process, timeout: .seconds(20)) == 0)
        let stored = try Data(contentsOf: store.objectURL(key))
        #expect(SecretToken.hex(SHA256.hash(data: stored)) == sha)
    }

    @Test("admin CLI creates orgs, sites, users and keys; duplicates and bad input fail clearly")
    func adminCLI() async throws {
        let cwd = try TestEnvironment.temporaryDirectory("relay-admin")
        defer { try? FileManager.default.removeItem(at: cwd) }
        let data = ["--data-dir", cwd.appendingPathComponent("data").path]
        let org = try await BackendProcess.run(["admin", "create-org", "--name", "Acme Motors"] + data, cwd: cwd)
        #expect(org.status == 0, "\(org.stderr)")
        let orgId = org.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(UUID(uuidString: orgId) != nil)

        let duplicate = try await BackendProcess.run(["admin", "create-org", "--name", "Acme Motors"] + data, cwd: cwd)
        #expect(duplicate.status == 3)
        #expect(duplicate.stderr.contains("already exists"))
        #expect(duplicate.stdout.isEmpty)

        let site = try await BackendProcess.run(["admin", "create-site", "--org", orgId, "--name", "Main Studio"] + data, cwd: cwd)
        #expect(site.status == 0, "\(site.stderr)")
        let siteId = site.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(UUID(uuidString: siteId) != nil)

        let badOrg = try await BackendProcess.run(["admin", "create-site", "--org", "not-a-uuid", "--name", "X"] + data, cwd: cwd)
        #expect(badOrg.status != 0)
        #expect(badOrg.stderr.contains("UUID"))
        let unknownOrg = try await BackendProcess.run(["admin", "create-site", "--org", UUID().uuidString, "--name", "X"] + data, cwd: cwd)
        #expect(unknownOrg.status == 4)

        let user = try await BackendProcess.run(
            ["admin", "create-user", "--org", orgId, "--email", "ana@example.com", "--name", "Ana", "--role", "reviewer",
                "--site", siteId, "--password-stdin"] + data, cwd: cwd, stdin: "a long enough password\n")
        #expect(user.status == 0, "\(user.stderr)")
        #expect(UUID(uuidString: user.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) != nil)
        let badRole = try await BackendProcess.run(
            ["admin", "create-user", "--org", orgId, "--email", "bo@example.com", "--name", "Bo", "--role", "god"] + data, cwd: cwd)
        #expect(badRole.status == 2)
        #expect(badRole.stderr.contains("role"))
        let shortPassword = try await BackendProcess.run(
            ["admin", "create-user", "--org", orgId, "--email", "cy@example.com", "--name", "Cy", "--role", "admin",
                "--password-stdin"] + data, cwd: cwd, stdin: "short\n")
        #expect(shortPassword.status == 2)

        let key = try await BackendProcess.run(
            ["admin", "create-enrollment-key", "--org", orgId, "--site", siteId, "--uses", "3", "--expires-in-days", "7"] + data,
            cwd: cwd)
        #expect(key.status == 0, "\(key.stderr)")
        let lines = key.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("id: ") == true)
        #expect(lines.last?.hasPrefix("key: rk_") == true)
        let zeroUses = try await BackendProcess.run(["admin", "create-enrollment-key", "--org", orgId, "--uses", "0"] + data, cwd: cwd)
        #expect(zeroUses.status == 2)

        let first = try await BackendProcess.run(["admin", "rotate-signing-key"] + data, cwd: cwd)
        let second = try await BackendProcess.run(["admin", "rotate-signing-key"] + data, cwd: cwd)
        #expect(first.status == 0 && second.status == 0, "\(first.stderr) \(second.stderr)")
        #expect(first.stdout.hasPrefix("kid: "))
        #expect(first.stdout != second.stdout)
        let unknownDevice = try await BackendProcess.run(
            ["admin", "revoke-device", "--org", orgId, "--device", UUID().uuidString] + data, cwd: cwd)
        #expect(unknownDevice.status == 4)
    }

    @Test("migrate applies once, then reports up to date; bad configuration is a clear error")
    func migrate() async throws {
        let cwd = try TestEnvironment.temporaryDirectory("relay-migrate")
        defer { try? FileManager.default.removeItem(at: cwd) }
        let first = try await BackendProcess.run(["migrate"], cwd: cwd)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("applied: "))
        let second = try await BackendProcess.run(["migrate"], cwd: cwd)
        #expect(second.stdout.contains("up to date"))
        let bad = try await BackendProcess.run(["migrate", "--database-url", "mysql://nope"], cwd: cwd)
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("database_url"))
        let badPort = try await BackendProcess.run(["serve"], cwd: cwd, environment: ["RELAY_PORT": "99999"])
        #expect(badPort.status != 0)
        #expect(badPort.stderr.contains("port"))
    }

    static func canBind(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}
