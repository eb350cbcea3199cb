import BackendApp
import BackendCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import RelayAPI
import Testing
import TestSupport

/// Seed 003's HTTP surface through the real router (no worker, so videos stay UPLOADED): upload rules,
/// not-ready answers, org isolation and hostile input, on both databases.
@Suite("Video API")
struct VideoAPITests {
    static let boundary = "relay-test-boundary-7d1f"

    /// A multipart/form-data body with `parts` of (field name, file name, bytes).
    static func multipart(_ parts: [(String, String?, Data)], close: Bool = true) -> Data {
        var body = Data()
        for (name, fileName, bytes) in parts {
            body.append(Data("--\(boundary)\r\n".utf8))
            var disposition = "Content-Disposition: form-data; name=\"\(name)\""
            if let fileName { disposition += "; filename=\"\(fileName)\"" }
            body.append(Data("\(disposition)\r\nContent-Type: video/mp4\r\n\r\n".utf8))
            body.append(bytes)
            body.append(Data("\r\n".utf8))
        }
        if close { body.append(Data("--\(boundary)--\r\n".utf8)) }
        return body
    }

    static func upload(_ client: some TestClientProtocol, _ body: Data, token: String?, contentType: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: contentType ?? "multipart/form-data; boundary=\(boundary)"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: "/v1/upload", method: .post, headers: headers, body: ByteBuffer(bytes: body)) { $0 }
    }

    @Test("upload: 201 with a videoId, job queued, streaming endpoints answer 409 until READY", arguments: TestEnvironment.databaseKinds)
    func uploadAndNotReady(kind: String) async throws {
        try await TestApp.with(kind) { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                let bytes = Data((0..<50_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
                let created = try await Self.upload(client, Self.multipart([("title", nil, Data("x".utf8)), ("file", "../../clip.mp4", bytes)]), token: fixture.operatorToken)
                #expect(created.status == .created)
                let object = try #require(try JSONSerialization.jsonObject(with: Data(created.body.readableBytesView)) as? [String: String])
                #expect(object.keys.sorted() == ["videoId"])
                let id = try #require(UUID(uuidString: object["videoId"] ?? ""))

                let stored = try #require(try await services.video.repository.video(id: id))
                #expect(stored.state == .uploaded && stored.sizeBytes == 50_000 && stored.fileName == "clip.mp4")
                #expect(try await services.blobStore.get(key: try #require(BlobKey(stored.originalKey))) == bytes, "stored byte for byte")
                #expect(!stored.originalKey.contains("clip"), "client file names never become keys")
                let job = try #require(try await services.jobQueue.claim(workerId: "t", kinds: [VideoService.processJobKind], lease: .seconds(5), now: Date()))
                #expect(VideoService.videoId(job.payload) == id)

                for path in ["manifest", "720p.m3u8", "segment/src_00000.ts"] {
                    try expectEnvelope(try await request(client, .get, "/v1/stream/\(id)/\(path)", token: fixture.operatorToken), status: 409, code: VideoService.notReadyCode)
                }
                let ready = try await request(client, .get, "/v1/stream/ready", token: fixture.operatorToken)
                #expect(ready.status == .ok && String(buffer: ready.body) == "[]")
                // Devices upload too (the studio agent).
                #expect(try await Self.upload(client, Self.multipart([("file", "b.mp4", bytes)]), token: fixture.deviceToken).status == .created)
            }
        }
    }

    @Test("other orgs' and unknown ids are 404 everywhere; hostile segment and playlist names never reach storage", arguments: TestEnvironment.databaseKinds)
    func isolation(kind: String) async throws {
        try await TestApp.with(kind) { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                let created = try await Self.upload(client, Self.multipart([("file", "a.mp4", Data(repeating: 7, count: 1000))]), token: fixture.operatorToken)
                let id = try #require((try JSONSerialization.jsonObject(with: Data(created.body.readableBytesView)) as? [String: String])?["videoId"])
                for path in ["/v1/stream/\(id)/manifest", "/v1/stream/\(id)/segment/src_00000.ts", "/v1/video/\(id)/status/stream"] {
                    try expectEnvelope(try await request(client, .get, path, token: fixture.otherAdminToken), status: 404, code: VideoService.notFoundCode)
                }
                let unknown = UUID().uuidString
                for path in ["/v1/stream/\(unknown)/manifest", "/v1/stream/not-a-uuid/manifest", "/v1/stream/\(unknown)/segment/src_00000.ts",
                    "/v1/video/\(unknown)/status/stream", "/v1/video/not-a-uuid/status/stream"]
                {
                    try expectEnvelope(try await request(client, .get, path, token: fixture.operatorToken), status: 404, code: VideoService.notFoundCode)
                }
                // Make the video READY by hand so name checks, not state, answer.
                let vid = try #require(UUID(uuidString: id))
                _ = try await services.video.repository.transition(id: vid, from: [.uploaded], to: .processing, failureReason: nil)
                _ = try await services.video.repository.publishManifest(id: vid, manifest: "src.m3u8", renditions: ["src"], ladderState: .none, ready: true)
                for name in ["..%2F..%2Foriginal", "src_00000.m3u8", "720p_00000.ts", "original", "src_00099.ts", "%2e%2e"] {
                    let response = try await request(client, .get, "/v1/stream/\(id)/segment/\(name)", token: fixture.operatorToken)
                    #expect(response.status == .notFound, "\(name)")
                }
                for name in ["original.m3u8", "master.m3u8", "720p.m3u8", "..%2Fsrc.m3u8"] {
                    let response = try await request(client, .get, "/v1/stream/\(id)/\(name)", token: fixture.operatorToken)
                    #expect(response.status == .notFound, "\(name)")
                }
                let ready = try await request(client, .get, "/v1/stream/ready", token: fixture.operatorToken)
                #expect(String(buffer: ready.body) == "[\"\(id)\"]")
                let otherReady = try await request(client, .get, "/v1/stream/ready", token: fixture.otherAdminToken)
                #expect(String(buffer: otherReady.body) == "[]")
            }
        }
    }

    @Test("bad uploads: 400 without a file, 413 over the limit, 401 without a token — nothing stored or queued", arguments: TestEnvironment.databaseKinds)
    func badUploads(kind: String) async throws {
        try await TestApp.with(kind, extra: ["video_max_bytes": "4096"]) { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                let token = fixture.operatorToken
                let small = Data(repeating: 1, count: 100)
                try expectEnvelope(try await Self.upload(client, small, token: token, contentType: "application/octet-stream"), status: 400, code: APIErrorCode.validation)
                try expectEnvelope(try await Self.upload(client, Self.multipart([("title", nil, small)]), token: token), status: 400, code: APIErrorCode.validation)
                try expectEnvelope(try await Self.upload(client, Self.multipart([("file", "a.mp4", Data())]), token: token), status: 400, code: APIErrorCode.validation)
                try expectEnvelope(try await Self.upload(client, Self.multipart([("file", "a.mp4", small)], close: false).dropLast(4), token: token), status: 400, code: APIErrorCode.validation)
                try expectEnvelope(try await Self.upload(client, Data("garbage without boundaries".utf8), token: token), status: 400, code: APIErrorCode.validation)
                let big = try expectEnvelope(try await Self.upload(client, Self.multipart([("file", "a.mp4", Data(repeating: 2, count: 5000))]), token: token), status: 413, code: APIErrorCode.payloadTooLarge)
                #expect(big.error.details["max_bytes"] == .number(4096))
                try expectEnvelope(try await Self.upload(client, Self.multipart([("file", "a.mp4", small)]), token: nil), status: 401, code: APIErrorCode.unauthorized)
                #expect(try await services.jobQueue.counts().values.reduce(0, +) == 0, "no job queued")
                let uploads = URL(fileURLWithPath: services.configuration.dataDir).appendingPathComponent("tmp/uploads")
                #expect(((try? FileManager.default.contentsOfDirectory(atPath: uploads.path)) ?? []).isEmpty, "no temp file left")
            }
        }
    }

    @Test("status stream: a plain GET is 400, a broken handshake is 400, no token is 401")
    func statusStreamHandshake() async throws {
        try await TestApp.with("sqlite") { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                let created = try await Self.upload(client, Self.multipart([("file", "a.mp4", Data(repeating: 7, count: 100))]), token: fixture.operatorToken)
                let id = try #require((try JSONSerialization.jsonObject(with: Data(created.body.readableBytesView)) as? [String: String])?["videoId"])
                let path = "/v1/video/\(id)/status/stream"
                try expectEnvelope(try await request(client, .get, path, token: fixture.operatorToken), status: 400, code: "WEBSOCKET_UPGRADE_REQUIRED")
                let broken = try await client.execute(
                    uri: path, method: .get,
                    headers: [.authorization: "Bearer \(fixture.operatorToken)", .upgrade: "websocket", .connection: "Upgrade",
                        .secWebSocketKey: "short", .secWebSocketVersion: "13"]) { $0 }
                try expectEnvelope(broken, status: 400, code: "WEBSOCKET_UPGRADE_INVALID")
                try expectEnvelope(try await request(client, .get, path, token: nil), status: 401, code: APIErrorCode.unauthorized)
            }
        }
    }
}
