import Foundation
import RelayClient
import Testing
import TestSupport

/// A connection reset while an answer's body comes in (the soak's hour of resets found it) is as
/// unreachable as one before the head: the agent backs off briefly and probes, instead of parking the item
/// for 30 s as an unknown error.
@Suite("RelayClient transport failures")
struct RelayClientResetTests {
    @Test("the connection reset after the answer's head, inside its body: RelayClientError.unreachable")
    func resetInsideTheBody() async throws {
        let root = try TestEnvironment.temporaryDirectory("client-reset")
        defer { try? FileManager.default.removeItem(at: root) }
        let portFile = root.appendingPathComponent("port")
        // A server that answers 200 with a 5,000-byte body, sends 11 bytes of it, then resets (SO_LINGER 0).
        let script = """
            import os, signal, socket, struct, sys, time
            # The test runner's children inherit SIGTERM blocked: let it end this server.
            signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM]); signal.signal(signal.SIGTERM, signal.SIG_DFL)
            s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(8)
            open(sys.argv[1] + ".tmp", "w").write(str(s.getsockname()[1])); os.rename(sys.argv[1] + ".tmp", sys.argv[1])
            while True:
                c, _ = s.accept(); c.recv(65536)
                c.sendall(b'HTTP/1.1 200 OK\\r\\nContent-Type: application/json\\r\\nContent-Length: 5000\\r\\n\\r\\n{"status":')
                time.sleep(0.2)
                c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)); c.close()
            """
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = ["python3", "-c", script, portFile.path]
        try server.run()
        defer { server.stop(grace: .seconds(5)) }
        // Python can take many seconds to start on a loaded CI box: wait while it runs (bounded), and read
        // the file once more after the last sleep so an overshooting sleep cannot skip a port written late.
        var port: Int?
        let deadline = Date().addingTimeInterval(120)
        while true {
            port = (try? String(contentsOf: portFile, encoding: .utf8)).flatMap { Int($0) }
            if port != nil || !server.isRunning || Date() >= deadline { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        if port == nil { port = (try? String(contentsOf: portFile, encoding: .utf8)).flatMap { Int($0) } }
        let client = RelayClient(baseURL: "http://127.0.0.1:\(try #require(port))", timeout: .seconds(10))
        do {
            _ = try await client.health()
            Issue.record("a reset inside the body read as an answer")
        } catch let error as RelayClientError {
            guard case .unreachable(let path, _) = error else {
                Issue.record("not unreachable: \(error)")
                return
            }
            #expect(path == "/v1/health")
        } catch {
            Issue.record("not a RelayClientError (the agent parks the item 30 s): \(type(of: error)) \(error)")
        }
    }
}
