import AsyncHTTPClient
import Foundation
import NIOCore
import Testing
import TestSupport

/// The restart tests' world: a data folder with an org and an operator made by `relay-backend admin`, and
/// the operator's token from a served backend.
enum VideoOperatorSetup {
    static let email = "av@example.com"
    static let password = "a long enough password"

    /// Creates the org and the operator in `{cwd}/data`; returns that data folder.
    static func prepare(cwd: URL) async throws -> URL {
        let dataDir = cwd.appendingPathComponent("data")
        let data = ["--data-dir", dataDir.path]
        let org = try await BackendProcess.run(["admin", "create-org", "--name", "Chapel"] + data, cwd: cwd)
        let orgId = org.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let user = try await BackendProcess.run(
            ["admin", "create-user", "--org", orgId, "--email", email, "--name", "AV", "--role", "operator", "--password-stdin"] + data,
            cwd: cwd, stdin: password + "\n")
        #expect(user.status == 0, "\(user.stderr)")
        return dataDir
    }

    /// A client for the operator on the backend at `base` (a loaded machine may take long to answer the login).
    static func client(base: String, http: HTTPClient) async throws -> VideoClient {
        var login = HTTPClientRequest(url: base + "/v1/auth/login")
        login.method = .POST
        login.headers.add(name: "Content-Type", value: "application/json")
        login.body = .bytes(ByteBuffer(string: #"{"email":"\#(email)","password":"\#(password)"}"#))
        let response = try await http.execute(login, timeout: .seconds(120))
        let body = try await response.body.collect(upTo: 1 << 20)
        let token = try #require((try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any])?["access_token"] as? String)
        return VideoClient(base: base, token: token, http: http)
    }
}
