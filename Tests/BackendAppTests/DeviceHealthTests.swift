import BackendApp
import BackendCore
import Foundation
import Hummingbird
import HummingbirdTesting
import RelayAPI
import Testing
import TestSupport

/// Issue 19, device health: a device's heartbeat about itself is kept per device and shown by
/// `GET /v1/admin/devices` with a status (`ok`, `stale` past `device_stale_seconds`, `revoked`), to admins
/// and reviewers; on both databases.
@Suite("Device health")
struct DeviceHealthTests {
    static func devices(_ client: some TestClientProtocol, token: String, query: String = "") async throws -> (TestResponse, [[String: Any]]) {
        let response = try await client.execute(uri: "/v1/admin/devices\(query)", method: .get, headers: [.authorization: "Bearer \(token)"]) { $0 }
        let rows = (try? CaptureAPITests.json(response)["data"] as? [[String: Any]]) ?? []
        return (response, rows)
    }

    static func heartbeat(_ client: some TestClientProtocol, device: String, token: String, key: String, meta: [String: Any]) async throws -> TestResponse {
        try await postJSON(client, "/v1/events", [
            "events": [["entity_type": "device", "entity_id": device, "type": "heartbeat", "idempotency_key": key, "meta": meta]]
        ], token: token)
    }

    @Test("a heartbeat becomes the device's health; wrong types read as null; status ok, stale, revoked; who may look", arguments: TestEnvironment.databaseKinds)
    func health(kind: String) async throws {
        try await TestApp.with(kind, extra: ["device_stale_seconds": "60"]) { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                let (before, listed) = try await Self.devices(client, token: fixture.adminToken)
                #expect(before.status == .ok)
                let fresh = try #require(listed.first { $0["id"] as? String == fixture.deviceId })
                #expect(fresh["status"] as? String == "ok")
                #expect(fresh["health"] is NSNull)

                let measured = Date().timeIntervalSince1970 - 3
                let beat = try await Self.heartbeat(client, device: fixture.deviceId, token: fixture.deviceToken, key: "hb-1", meta: [
                    "version": "9.9.9", "queued": 4, "oldest_pending_seconds": 125.5, "bytes_pending": 73_400_320, "rejected": 1,
                    "intake_errors": 0, "disk_free_bytes": 52_000_000_000, "clock_skew_seconds": -1.25, "upload_window_open": false,
                    "measured_at": measured, "extra": "kept in the event log only",
                    "last_qc_failure": ["file_name": "IMG_0042.jpg", "angle_deg": 165, "reason": "blurry: sharpness 0.21 < 0.35", "at": measured - 60],
                ])
                #expect(beat.status == .ok || beat.status == .created || beat.status == .accepted)
                let (_, rows) = try await Self.devices(client, token: fixture.adminToken)
                let device = try #require(rows.first { $0["id"] as? String == fixture.deviceId })
                #expect(device["status"] as? String == "ok")
                let health = try #require(device["health"] as? [String: Any])
                #expect(health["version"] as? String == "9.9.9")
                #expect(health["queued"] as? Int == 4)
                #expect(health["oldest_pending_seconds"] as? Double == 125.5)
                #expect(health["bytes_pending"] as? Int == 73_400_320)
                #expect(health["disk_free_bytes"] as? Int == 52_000_000_000)
                #expect(health["clock_skew_seconds"] as? Double == -1.25)
                #expect(health["upload_window_open"] as? Bool == false)
                #expect(health["extra"] == nil)
                #expect(health["reported_at"] is String && health["measured_at"] is String)
                let failure = try #require(health["last_qc_failure"] as? [String: Any])
                #expect(failure["file_name"] as? String == "IMG_0042.jpg" && failure["angle_deg"] as? Double == 165)
                #expect(failure["reason"] as? String == "blurry: sharpness 0.21 < 0.35")

                // A reviewer sees it too; an operator does not; a bad filter is a 400 with the envelope.
                let (reviewed, reviewerRows) = try await Self.devices(client, token: fixture.reviewerToken)
                #expect(reviewed.status == .ok && reviewerRows.contains { $0["id"] as? String == fixture.deviceId })
                #expect(try await Self.devices(client, token: fixture.operatorToken).0.status == .forbidden)
                let bad = try await Self.devices(client, token: fixture.adminToken, query: "?status=sleepy").0
                #expect(bad.status == .badRequest && errorCode(bad) == .validation)
                // Another org's admin does not see the device.
                #expect(try await Self.devices(client, token: fixture.otherAdminToken).1.allSatisfy { $0["id"] as? String != fixture.deviceId })

                // Members of the wrong type or out of range read as null; the heartbeat is still accepted.
                let odd = try await Self.heartbeat(client, device: fixture.deviceId, token: fixture.deviceToken, key: "hb-2", meta: [
                    "version": 7, "queued": "lots", "bytes_pending": -5, "disk_free_bytes": 1e30, "upload_window_open": "yes",
                    "last_qc_failure": ["file_name": "", "reason": "x"],
                ])
                #expect(odd.status.code < 300)
                let oddHealth = try #require(try await Self.devices(client, token: fixture.adminToken).1
                    .first { $0["id"] as? String == fixture.deviceId }?["health"] as? [String: Any])
                for key in ["version", "queued", "bytes_pending", "disk_free_bytes", "upload_window_open", "last_qc_failure"] {
                    #expect(oddHealth[key] is NSNull, "\(key)")
                }

                // A user's heartbeat about the device is logged but is not the device's own word.
                let byAdmin = try await Self.heartbeat(client, device: fixture.deviceId, token: fixture.adminToken, key: "hb-3", meta: ["version": "0.0.1"])
                #expect(byAdmin.status.code < 300)
                #expect(try await Self.devices(client, token: fixture.adminToken).1
                    .first { $0["id"] as? String == fixture.deviceId }.flatMap { ($0["health"] as? [String: Any])?["version"] } is NSNull)

                // Silent for longer than device_stale_seconds (60 here): stale, and the filter finds it.
                let longAgo = Date().timeIntervalSince1970 - 600
                try await services.database.sql.raw(
                    "UPDATE devices SET last_seen_at = \(bind: longAgo), created_at = \(bind: longAgo - 60) WHERE id = \(bind: UUID(uuidString: fixture.deviceId)!)"
                ).run()
                let health600 = try #require(try await services.database.sql.raw(
                    "SELECT health FROM devices WHERE id = \(bind: UUID(uuidString: fixture.deviceId)!)").first()?.decode(column: "health", as: String.self))
                var stored = try JSONDecoder().decode(DeviceHealth.self, from: Data(health600.utf8))
                stored.reportedAt = Date(timeIntervalSince1970: longAgo)
                try await services.database.sql.raw(
                    "UPDATE devices SET health = \(bind: String(decoding: try JSONEncoder().encode(stored), as: UTF8.self)) WHERE id = \(bind: UUID(uuidString: fixture.deviceId)!)"
                ).run()
                let (_, stale) = try await Self.devices(client, token: fixture.adminToken, query: "?status=stale")
                #expect(stale.map { $0["id"] as? String } == [fixture.deviceId])
                #expect(try await Self.devices(client, token: fixture.adminToken, query: "?status=ok").1.allSatisfy { $0["id"] as? String != fixture.deviceId })

                // Its next heartbeat makes it ok again.
                #expect(try await Self.heartbeat(client, device: fixture.deviceId, token: fixture.deviceToken, key: "hb-4", meta: ["queued": 0]).status.code < 300)
                #expect(try await Self.devices(client, token: fixture.adminToken, query: "?status=ok").1.contains { $0["id"] as? String == fixture.deviceId })

                // Revoked.
                let revoke = try await client.execute(
                    uri: "/v1/admin/devices/\(fixture.deviceId)/revoke", method: .post, headers: [.authorization: "Bearer \(fixture.adminToken)"]) { $0 }
                #expect(revoke.status == .ok)
                #expect(try CaptureAPITests.json(revoke)["status"] as? String == "revoked")
                #expect(try await Self.devices(client, token: fixture.adminToken, query: "?status=revoked").1.map { $0["id"] as? String } == [fixture.deviceId])
            }
        }
    }
}
