import AsyncHTTPClient
import Foundation
import HTTPTypes
import HummingbirdWSClient
import Logging
import NIOCore
import RelayAPI
import Synchronization
import Testing
import TestSupport

/// What a seed 003 client does over real HTTP and WebSocket: upload, follow status, fetch streams.
struct VideoClient: Sendable {
    let base: String
    let token: String
    /// The HTTP client; a test that kills and restarts its server on one port uses its own (`withOwnHTTPClient`)
    /// so no idle connection pooled for an earlier server on that port is reused.
    var http: HTTPClient = .shared
    /// Where seed 003's paths start: Relay's `/v1`, or `""` for the root paths seed 003's contract names.
    var basePath = "/v1"

    static let boundary = "relay-e2e-boundary-4b9e"

    /// `POST {basePath}/upload` with `file` as field `file`; returns the status and the videoId (if any).
    func upload(_ file: URL, fileName: String = "clip.mp4") async throws -> (status: Int, videoId: String?) {
        var body = Data("--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"\r\nContent-Type: video/mp4\r\n\r\n".utf8)
        body.append(try Data(contentsOf: file))
        body.append(Data("\r\n--\(Self.boundary)--\r\n".utf8))
        var request = HTTPClientRequest(url: base + basePath + "/upload")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Content-Type", value: "multipart/form-data; boundary=\(Self.boundary)")
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await http.execute(request, timeout: .seconds(300))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        let object = try? JSONSerialization.jsonObject(with: Data(bytes.readableBytesView)) as? [String: Any]
        return (Int(response.status.code), object?["videoId"] as? String)
    }

    /// POST without a body, with the token; status and the JSON object answered.
    func post(_ path: String) async throws -> (status: Int, object: [String: Any]) {
        var request = HTTPClientRequest(url: base + path)
        request.method = .POST
        if !token.isEmpty { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        let response = try await http.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), (try? JSONSerialization.jsonObject(with: Data(bytes.readableBytesView)) as? [String: Any]) ?? [:])
    }

    /// GET with the token (none when it is empty); status, headers and body.
    func get(_ path: String, headers: [String: String] = [:]) async throws -> (status: Int, headers: [String: String], body: Data) {
        var request = HTTPClientRequest(url: path.hasPrefix("http") ? path : base + path)
        if !token.isEmpty { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await http.execute(request, timeout: .seconds(180))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        var fields: [String: String] = [:]
        for header in response.headers { fields[header.name.lowercased()] = header.value }
        return (Int(response.status.code), fields, Data(bytes.readableBytesView))
    }

    /// Connects to the status WebSocket and returns every message until the server closes it (or
    /// `stopAfter` returns true), plus the seconds until the first message.
    func followStatus(
        _ videoId: String, timeout: Duration = .seconds(240), stopAfter: @escaping @Sendable ([String: String]) -> Bool = { _ in false }
    ) async throws -> (messages: [[String: String]], firstAfter: Double) {
        let url = base.replacingOccurrences(of: "http://", with: "ws://") + basePath + "/video/\(videoId)/status/stream"
        let received = Received()
        let started = ContinuousClock.now
        let token = self.token
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await WebSocketClient.connect(
                    url: url, configuration: .init(additionalHeaders: [.authorization: "Bearer \(token)"]), logger: Logger(label: "ws-test")
                ) { inbound, outbound, _ in
                    for try await message in inbound.messages(maxSize: 1 << 16) {
                        guard case .text(let text) = message,
                            let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String]
                        else { continue }
                        received.firstAt.withLock { if $0 == nil { $0 = .now } }
                        received.messages.withLock { $0.append(object) }
                        if stopAfter(object) {
                            try await outbound.close(.normalClosure, reason: nil)
                            return
                        }
                    }
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw MissingTestService("status stream did not close within \(timeout)")
            }
            try await group.next()
            group.cancelAll()
        }
        let first = received.firstAt.withLock { $0 }.map { ($0 - started).timeInterval } ?? -1
        return (received.messages.withLock { $0 }, first)
    }

    /// Messages a status socket received, filled from the socket's task.
    final class Received: Sendable {
        let messages = Mutex<[[String: String]]>([])
        let firstAt = Mutex<ContinuousClock.Instant?>(nil)
    }

    /// ffprobe's `-headers` value carrying the token.
    var ffmpegHeaders: String { "Authorization: Bearer \(token)\r\n" }
}

/// Runs `body` with an HTTP client of its own, shut down afterwards whatever happens.
func withOwnHTTPClient<T>(_ body: (HTTPClient) async throws -> T) async throws -> T {
    let http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup)
    do {
        let result = try await body(http)
        try await http.shutdown()
        return result
    } catch {
        try? await http.shutdown()
        throw error
    }
}
