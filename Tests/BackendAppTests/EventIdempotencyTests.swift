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

/// `idempotency_key` on `POST /v1/events`: a re-sent event is acknowledged and stored once per org, on
/// both databases; bad keys are refused before anything is stored.
@Suite("Event idempotency")
struct EventIdempotencyTests {
    static func session(_ client: some TestClientProtocol, site: UUID, token: String) async throws -> String {
        let created = try await postJSON(client, "/v1/sessions", [
            "site_id": site.uuidString, "vehicle": ["stock": "STK-9"], "mode": "stills", "shot_list": ["stills": ["front"]],
        ], token: token)
        #expect(created.status == .created)
        return try #require(try CaptureAPITests.json(created)["id"] as? String)
    }

    static func log(_ client: some TestClientProtocol, _ entity: String, token: String) async throws -> [[String: Any]] {
        let response = try await request(client, .get, "/v1/events?entity_id=\(entity)", token: token)
        #expect(response.status == .ok)
        return try CaptureAPITests.json(response)["data"] as? [[String: Any]] ?? []
    }

    @Test("re-sent events with a key are stored once per org; keyless events are not deduplicated", arguments: TestEnvironment.databaseKinds)
    func idempotency(kind: String) async throws {
        try await TestApp.with(kind) { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                let session = try await Self.session(client, site: fixture.siteA, token: fixture.deviceToken)
                let batch: [String: Any] = ["events": [
                    ["entity_type": "session", "entity_id": session, "type": "upload_started", "idempotency_key": "dev1:evt:1"],
                    ["entity_type": "session", "entity_id": session, "type": "upload_failed", "idempotency_key": "dev1:evt:2"],
                ]]
                for _ in 0..<3 {
                    let sent = try await postJSON(client, "/v1/events", batch, token: fixture.deviceToken)
                    #expect(sent.status == .created)
                    #expect(try CaptureAPITests.json(sent)["accepted"] as? Int == 2, "duplicates are acknowledged")
                }
                #expect(try await Self.log(client, session, token: fixture.reviewerToken).count == 2)

                let keyless: [String: Any] = ["entity_type": "session", "entity_id": session, "type": "qc_failed"]
                for _ in 0..<2 { #expect(try await postJSON(client, "/v1/events", keyless, token: fixture.deviceToken).status == .created) }
                #expect(try await Self.log(client, session, token: fixture.reviewerToken).count == 4)

                // Another org may use the same key for its own events.
                let siteB = try await services.auth.admin.createSite(orgId: fixture.orgB, name: "B studio")
                let sessionB = try await Self.session(client, site: siteB.id, token: fixture.otherAdminToken)
                let mine: [String: Any] = ["entity_type": "session", "entity_id": sessionB, "type": "upload_started", "idempotency_key": "dev1:evt:1"]
                #expect(try await postJSON(client, "/v1/events", mine, token: fixture.otherAdminToken).status == .created)
                #expect(try await Self.log(client, sessionB, token: fixture.otherAdminToken).count == 1)

                for (events, why) in [
                    ([["entity_type": "session", "entity_id": session, "type": "upload_started", "idempotency_key": "has space"]], "bad characters"),
                    ([["entity_type": "session", "entity_id": session, "type": "upload_started", "idempotency_key": String(repeating: "k", count: 129)]], "too long"),
                    ([["entity_type": "session", "entity_id": session, "type": "upload_started", "idempotency_key": "x:1"],
                      ["entity_type": "session", "entity_id": session, "type": "upload_failed", "idempotency_key": "x:1"]], "twice in a batch"),
                ] as [([[String: Any]], String)] {
                    let refused = try expectEnvelope(
                        try await postJSON(client, "/v1/events", ["events": events], token: fixture.deviceToken), status: 400, code: APIErrorCode.validation)
                    #expect(refused.error.details["field"] == .string("idempotency_key"), "\(why)")
                }
                #expect(try await Self.log(client, session, token: fixture.reviewerToken).count == 4, "refused batches store nothing")
            }
        }
    }
}
