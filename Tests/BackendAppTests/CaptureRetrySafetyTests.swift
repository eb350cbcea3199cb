import BackendApp
import BackendCore
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import RelayAPI
import Testing
import TestSupport

/// What makes a client's retries safe (the agent relies on it after a crash or a lost answer): session
/// creation with an `Idempotency-Key`, presign reusing the image of the same bytes, heartbeat events.
@Suite("Capture API: retry safety")
struct CaptureRetrySafetyTests {
    static func createSession(_ client: some TestClientProtocol, site: UUID, token: String, key: String?) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json", .authorization: "Bearer \(token)"]
        if let key { headers[HTTPField.Name("Idempotency-Key")!] = key }
        let body: [String: Any] = ["site_id": site.uuidString, "vehicle": ["stock": "STK-9"], "mode": "studio360", "shot_list": ["studio360": ["frame_count": 24]]]
        return try await client.execute(
            uri: "/v1/sessions", method: .post, headers: headers, body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))) { $0 }
    }

    @Test("a session created twice with one Idempotency-Key is one session; bad keys are refused", arguments: TestEnvironment.databaseKinds)
    func sessionIdempotency(kind: String) async throws {
        try await TestApp.with(kind) { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                let first = try await Self.createSession(client, site: fixture.siteA, token: fixture.deviceToken, key: "relay-agent.session.1")
                #expect(first.status == .created)
                let again = try await Self.createSession(client, site: fixture.siteA, token: fixture.deviceToken, key: "relay-agent.session.1")
                #expect(again.status == .created)
                let firstId = try CaptureAPITests.json(first)["id"] as? String
                #expect(firstId != nil)
                #expect(try CaptureAPITests.json(again)["id"] as? String == firstId)
                let other = try await Self.createSession(client, site: fixture.siteA, token: fixture.deviceToken, key: "relay-agent.session.2")
                #expect(try CaptureAPITests.json(other)["id"] as? String != firstId)
                let unkeyed = try await Self.createSession(client, site: fixture.siteA, token: fixture.deviceToken, key: nil)
                #expect(try CaptureAPITests.json(unkeyed)["id"] as? String != firstId)
                for bad in ["has space", String(repeating: "k", count: 129), "semi;colon"] {
                    let refused = try await Self.createSession(client, site: fixture.siteA, token: fixture.deviceToken, key: bad)
                    #expect(refused.status == .badRequest, "\(bad)")
                    #expect(errorCode(refused) == APIErrorCode.validation)
                }
                let page = try CaptureAPITests.json(try await request(client, .get, "/v1/sessions?site_id=\(fixture.siteA.uuidString)", token: fixture.adminToken))
                #expect(page["total"] as? Int == 3, "keyed twice + another key + unkeyed; refused keys created nothing")
            }
        }
    }

    static func createRecording(_ client: some TestClientProtocol, token: String, key: String?, title: String = "Sunday") async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json", .authorization: "Bearer \(token)"]
        if let key { headers[HTTPField.Name("Idempotency-Key")!] = key }
        let body: [String: Any] = ["title": title, "date": "2026-11-22", "projectId": "church-main"]
        return try await client.execute(
            uri: "/v2/sessions", method: .post, headers: headers, body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))) { $0 }
    }

    @Test("a recording session (v2) created twice with one Idempotency-Key is one session, per org; bad keys are refused", arguments: TestEnvironment.databaseKinds)
    func recordingSessionIdempotency(kind: String) async throws {
        try await TestApp.with(kind) { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                let first = try await Self.createRecording(client, token: fixture.deviceToken, key: "relay-agent.recording.1")
                #expect(first.status == .created)
                let firstId = try #require(try CaptureAPITests.json(first)["id"] as? String)
                let again = try await Self.createRecording(client, token: fixture.deviceToken, key: "relay-agent.recording.1")
                #expect(again.status == .created)
                let repeated = try CaptureAPITests.json(again)
                #expect(repeated["id"] as? String == firstId)
                #expect(repeated["title"] as? String == "Sunday", "the first request's session, not a new one")
                // The same key with another body is not a retry (IdempotencyScopeTests covers the rules).
                let changed = try await Self.createRecording(client, token: fixture.deviceToken, key: "relay-agent.recording.1", title: "changed")
                #expect(changed.status.code == 422)
                let other = try await Self.createRecording(client, token: fixture.deviceToken, key: "relay-agent.recording.2")
                #expect(try CaptureAPITests.json(other)["id"] as? String != firstId)
                let unkeyed = try await Self.createRecording(client, token: fixture.deviceToken, key: nil)
                #expect(try CaptureAPITests.json(unkeyed)["id"] as? String != firstId)
                // Another org using the same key gets its own session.
                let foreign = try await Self.createRecording(client, token: fixture.otherAdminToken, key: "relay-agent.recording.1")
                #expect(foreign.status == .created)
                #expect(try CaptureAPITests.json(foreign)["id"] as? String != firstId)
                for bad in ["has space", String(repeating: "k", count: 129)] {
                    let refused = try await Self.createRecording(client, token: fixture.deviceToken, key: bad)
                    #expect(refused.status == .badRequest, "\(bad)")
                    #expect(errorCode(refused) == APIErrorCode.validation)
                }
            }
        }
    }

    @Test("presigning the same bytes into the same session returns the same image with a fresh URL", arguments: TestEnvironment.databaseKinds)
    func presignReuse(kind: String) async throws {
        try await TestApp.with(kind) { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                let session = try await CaptureAPITests.studioSession(client, fixture, token: fixture.deviceToken)
                let sessionId = try #require(session["id"] as? String)
                func presign(_ content: String, angle: Double = 15) async throws -> PresignResponse {
                    let sha = SecretToken.hex(SHA256.hash(data: Data(content.utf8)))
                    let response = try await postJSON(client, "/v1/presign", [
                        "session_id": sessionId, "file_name": "IMG_1.jpg", "content_type": "image/jpeg", "content_sha256": sha, "angle_deg": angle,
                    ], token: fixture.deviceToken)
                    #expect(response.status == .ok)
                    return try decode(PresignResponse.self, response)
                }
                let first = try await presign("frame one")
                let retry = try await presign("frame one")
                #expect(retry.imageId == first.imageId)
                #expect(retry.storageKey == first.storageKey)
                // Other bytes are another image (at another angle: one image per angle, see CaptureFrameTests).
                let second = try await presign("frame two", angle: 30)
                #expect(second.imageId != first.imageId)
                let images = try await services.capture.repository.images(sessionId: try #require(UUID(uuidString: sessionId)), status: nil)
                #expect(images.count == 2)

                let heartbeat = try await postJSON(client, "/v1/events", [
                    "entity_type": "device", "entity_id": fixture.deviceId, "type": "heartbeat", "meta": ["queued": 3],
                ], token: fixture.deviceToken)
                #expect(heartbeat.status == .created)
                let misplaced = try await postJSON(client, "/v1/events", [
                    "entity_type": "image", "entity_id": first.imageId, "type": "heartbeat",
                ], token: fixture.deviceToken)
                #expect(misplaced.status == .badRequest)
            }
        }
    }
}
