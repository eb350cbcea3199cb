import BackendApp
import BackendCore
import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import RelayAPI
import Testing
import TestSupport

/// One current image per angle in a session (issue 23 item 8): other bytes at a taken angle are refused
/// unless declared a reshoot, which replaces the image at that angle — on both databases.
@Suite("Capture frames")
struct CaptureFrameTests {
    @Test("a taken angle refuses other bytes with 409 ANGLE_TAKEN; a reshoot replaces the frame, the list keeps one image per angle", arguments: TestEnvironment.databaseKinds)
    func oneImagePerAngle(kind: String) async throws {
        try await TestApp.with(kind) { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                let session = try await CaptureAPITests.studioSession(client, fixture, token: fixture.deviceToken, frames: 4)
                let sessionId = try #require(session["id"] as? String)
                func presign(_ text: String, angle: Double, reshoot: Bool? = nil) async throws -> TestResponse {
                    var body: [String: Any] = [
                        "session_id": sessionId, "file_name": "\(text).jpg", "content_type": "image/jpeg",
                        "content_sha256": SecretToken.hex(SHA256.hash(data: Data(text.utf8))), "angle_deg": angle,
                    ]
                    if let reshoot { body["reshoot"] = reshoot }
                    return try await postJSON(client, "/v1/presign", body, token: fixture.deviceToken)
                }
                let first = try await presign("take one", angle: 90)
                #expect(first.status == .ok)
                let original = try decode(PresignResponse.self, first).imageId
                // The same bytes again (a retry) get the same image: not a second take.
                #expect(try decode(PresignResponse.self, try await presign("take one", angle: 90)).imageId == original)

                let refused = try await presign("take two", angle: 90)
                #expect(refused.status == .conflict)
                #expect(errorCode(refused) == .angleTaken)
                let details = try #require(try CaptureAPITests.json(refused)["error"] as? [String: Any])["details"] as? [String: Any]
                #expect(details?["image_id"] as? String == original)
                #expect(try await presign("take two", angle: 90, reshoot: false).status == .conflict)

                let reshot = try await presign("take two", angle: 90, reshoot: true)
                #expect(reshot.status == .ok)
                let replacement = try decode(PresignResponse.self, reshot).imageId
                #expect(replacement != original)
                // A reshoot of an angle nobody has yet is just the frame.
                #expect(try await presign("other angle", angle: 180, reshoot: true).status == .ok)

                let list = try await client.execute(
                    uri: "/v1/images?session_id=\(sessionId)", method: .get, headers: [.authorization: "Bearer \(fixture.adminToken)"]) { $0 }
                let rows = try #require(try CaptureAPITests.json(list)["data"] as? [[String: Any]])
                #expect(rows.compactMap { $0["id"] as? String } == [replacement, try decode(PresignResponse.self, try await presign("other angle", angle: 180)).imageId])
                let old = try await client.execute(
                    uri: "/v1/images/\(original)", method: .get, headers: [.authorization: "Bearer \(fixture.adminToken)"]) { $0 }
                #expect(old.status == .ok)
                #expect(try CaptureAPITests.json(old)["replaced_by"] as? String == replacement)
                let current = try await client.execute(
                    uri: "/v1/images/\(replacement)", method: .get, headers: [.authorization: "Bearer \(fixture.adminToken)"]) { $0 }
                #expect(try CaptureAPITests.json(current).keys.contains("replaced_by"))
                #expect(try CaptureAPITests.json(current)["replaced_by"] is NSNull)
            }
        }
    }
}
