import AsyncHTTPClient
import Foundation
import HTTPTypes
import HummingbirdWSClient
import Logging
import NIOCore
import NIOHTTP1
import Synchronization
import Testing
import TestSupport

/// What a multi-camera uploader does (seed 000) over real HTTP: JSON calls, part PUTs through the
/// presigned URLs, and the session's event WebSocket.
struct MulticamClient: Sendable {
    let base: String
    let token: String

    func call(_ method: HTTPMethod, _ path: String, json: [String: Any]? = nil) async throws -> (status: Int, object: [String: Any]) {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json)))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 16 << 20)
        let object = (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
        return (Int(response.status.code), object)
    }

    func createSession(title: String = "Sunday Service") async throws -> String {
        let created = try await call(.POST, "/v2/sessions", json: [
            "title": title, "date": "2026-02-03", "location": "Main Campus", "projectId": "proj-abc123",
        ])
        #expect(created.status == 201)
        return try #require(created.object["id"] as? String)
    }

    /// init-upload → PUT every part (a slice of `file`) → returns the init answer and the part etags.
    func uploadParts(session: String, camera: String, file: URL, contentType: String = "video/mp4", chapter: Int? = nil, skip: Set<Int> = [])
        async throws -> (asset: String, uploadId: String, parts: [[String: Any]])
    {
        let data = try Data(contentsOf: file)
        var body: [String: Any] = ["cameraLabel": camera, "filename": file.lastPathComponent, "contentType": contentType, "sizeBytes": data.count]
        if let chapter { body["chapter"] = chapter }
        let initResponse = try await call(.POST, "/v2/sessions/\(session)/assets/init-upload", json: body)
        #expect(initResponse.status == 200, "\(initResponse.object)")
        let asset = try #require(initResponse.object["assetId"] as? String)
        let uploadId = try #require(initResponse.object["uploadId"] as? String)
        let partSize = try #require(initResponse.object["partSize"] as? Int)
        let parts = try #require(initResponse.object["parts"] as? [[String: Any]])
        #expect(parts.count == (data.count + partSize - 1) / partSize)
        var done: [[String: Any]] = []
        for part in parts {
            let number = try #require(part["partNumber"] as? Int)
            if skip.contains(number) { continue }
            var request = HTTPClientRequest(url: try #require(part["uploadUrl"] as? String))
            request.method = .PUT
            let slice = data[(number - 1) * partSize..<min(data.count, number * partSize)]
            request.body = .bytes(ByteBuffer(bytes: slice))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
            _ = try await response.body.collect(upTo: 1 << 20)
            #expect(response.status == .ok, "part \(number)")
            let etag = try #require(response.headers.first(name: "ETag"))
            done.append(["partNumber": number, "etag": etag])
        }
        return (asset, uploadId, done)
    }

    func complete(session: String, asset: String, uploadId: String, parts: [[String: Any]]) async throws -> (status: Int, object: [String: Any]) {
        try await call(.POST, "/v2/sessions/\(session)/assets/\(asset)/complete", json: ["uploadId": uploadId, "parts": parts])
    }

    /// Collects a session's WebSocket events until `stop` (checked on each event) or the timeout.
    final class Events: Sendable {
        let received = Mutex<[String]>([])
        var all: [[String: Any]] { Self.parse(received.withLock { $0 }) }

        static func parse(_ texts: [String]) -> [[String: Any]] {
            texts.compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
        }
    }

    /// Listens until `stop` says so, given every event so far (as JSON texts; `Events.parse` reads them).
    func listen(session: String, into events: Events, until stop: @escaping @Sendable ([String]) -> Bool) async throws {
        let url = base.replacingOccurrences(of: "http://", with: "ws://") + "/v2/sessions/\(session)/events"
        let token = self.token
        try await WebSocketClient.connect(
            url: url, configuration: .init(additionalHeaders: [.authorization: "Bearer \(token)"]), logger: Logger(label: "ws-multicam")
        ) { inbound, outbound, _ in
            for try await message in inbound.messages(maxSize: 1 << 16) {
                guard case .text(let text) = message else { continue }
                let snapshot = events.received.withLock { all -> [String] in
                    all.append(text)
                    return all
                }
                if stop(snapshot) {
                    try await outbound.close(.normalClosure, reason: nil)
                    return
                }
            }
        }
    }
}
