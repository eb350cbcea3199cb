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

/// An `Idempotency-Key` belongs to the caller who sent it and to the request it came with. Before, a key
/// replayed by anyone in the org — with any body — got the session that held it.
@Suite("Idempotency keys are scoped to the actor and the request")
struct IdempotencyScopeTests {
    static func post(_ client: some TestClientProtocol, _ uri: String, token: String, key: String, body: [String: Any]) async throws -> TestResponse {
        let headers: HTTPFields = [
            .contentType: "application/json", .authorization: "Bearer \(token)", HTTPField.Name("Idempotency-Key")!: key,
        ]
        return try await client.execute(
            uri: uri, method: .post, headers: headers, body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))) { $0 }
    }

    static func id(_ response: TestResponse) throws -> String? {
        try CaptureAPITests.json(response)["id"] as? String
    }

    @Test("capture sessions (v1): same caller and body → same session; other body → 422; other caller → own session", arguments: TestEnvironment.databaseKinds)
    func captureSessions(kind: String) async throws {
        try await TestApp.with(kind) { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                let body: [String: Any] = [
                    "site_id": fixture.siteA.uuidString, "vehicle": ["stock": "STK-1"], "mode": "studio360", "shot_list": ["studio360": ["frame_count": 24]],
                ]
                var changed = body
                changed["vehicle"] = ["stock": "STK-2"]
                let first = try await Self.post(client, "/v1/sessions", token: fixture.deviceToken, key: "shared-key-1", body: body)
                #expect(first.status == .created)
                let replay = try await Self.post(client, "/v1/sessions", token: fixture.deviceToken, key: "shared-key-1", body: body)
                #expect(try Self.id(replay) == (try Self.id(first)))
                let reused = try await Self.post(client, "/v1/sessions", token: fixture.deviceToken, key: "shared-key-1", body: changed)
                try expectEnvelope(reused, status: 422, code: APIErrorCode.idempotencyKeyReused)
                // Another caller of the same org, same key and body: its own session, not the device's.
                let other = try await Self.post(client, "/v1/sessions", token: fixture.operatorToken, key: "shared-key-1", body: body)
                #expect(other.status == .created)
                #expect(try Self.id(other) != nil && (try Self.id(other)) != (try Self.id(first)))
                let page = try CaptureAPITests.json(try await request(client, .get, "/v1/sessions?site_id=\(fixture.siteA.uuidString)", token: fixture.adminToken))
                #expect(page["total"] as? Int == 2, "the refused reuse created nothing")
            }
        }
    }

    @Test("recording sessions (v2): same caller and body → same session; other body → 422; other caller → own session", arguments: TestEnvironment.databaseKinds)
    func recordingSessions(kind: String) async throws {
        try await TestApp.with(kind) { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                let body: [String: Any] = ["title": "Morning", "date": "2026-11-22", "projectId": "church-main"]
                var changed = body
                changed["title"] = "Evening"
                let first = try await Self.post(client, "/v2/sessions", token: fixture.operatorToken, key: "rec-1", body: body)
                #expect(first.status == .created)
                let replay = try await Self.post(client, "/v2/sessions", token: fixture.operatorToken, key: "rec-1", body: body)
                #expect(try Self.id(replay) == (try Self.id(first)))
                try expectEnvelope(
                    try await Self.post(client, "/v2/sessions", token: fixture.operatorToken, key: "rec-1", body: changed),
                    status: 422, code: APIErrorCode.idempotencyKeyReused)
                let other = try await Self.post(client, "/v2/sessions", token: fixture.adminToken, key: "rec-1", body: body)
                #expect(other.status == .created)
                #expect(try Self.id(other) != nil && (try Self.id(other)) != (try Self.id(first)))
            }
        }
    }
}
