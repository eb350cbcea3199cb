import BackendApp
import BackendCore
import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import RelayAPI
import Testing
import TestSupport

/// Presign keeps the sessions it has seen active in memory and writes the image with one statement that
/// checks the session is still active (issue 22, presign speed). A session closed where this process
/// cannot see it — another API process, the CLI, an edit by hand — must still refuse the next presign at
/// once, insert nothing, and answer a retry of earlier bytes as before; on both databases.
@Suite("Presign: cached sessions")
struct PresignSessionCacheTests {
    @Test("a session closed behind this process's back refuses presigns at once and stores nothing", arguments: TestEnvironment.databaseKinds)
    func closedElsewhere(kind: String) async throws {
        try await TestApp.with(kind) { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                let session = try await CaptureAPITests.studioSession(client, fixture, token: fixture.deviceToken, frames: 4)
                let sessionId = try #require(session["id"] as? String)
                func presign(_ text: String, angle: Double? = nil, token: String? = nil) async throws -> TestResponse {
                    var body: [String: Any] = [
                        "session_id": sessionId, "file_name": "\(text).jpg", "content_type": "image/jpeg",
                        "content_sha256": SecretToken.hex(SHA256.hash(data: Data(text.utf8))),
                    ]
                    if let angle { body["angle_deg"] = angle }
                    return try await postJSON(client, "/v1/presign", body, token: token ?? fixture.deviceToken)
                }
                func imageCount() async throws -> Int {
                    try await services.database.sql.raw("SELECT COUNT(*) AS n FROM images WHERE session_id = \(bind: UUID(uuidString: sessionId)!)")
                        .first().map { try $0.decode(column: "n", as: Int.self) } ?? -1
                }
                // Presigned twice: the session is now in this process's cache.
                let first = try await presign("one", angle: 0)
                #expect(first.status == .ok)
                #expect(try await presign("two").status == .ok)
                // Another org's token learns nothing from the cached session.
                #expect(try await presign("foreign", token: fixture.otherAdminToken).status == .notFound)
                #expect(try await imageCount() == 2)

                // Another process completes the session: this one is not told.
                try await services.database.sql.raw(
                    "UPDATE capture_sessions SET status = 'complete' WHERE id = \(bind: UUID(uuidString: sessionId)!)"
                ).run()
                for (text, angle) in [("three", nil), ("four", 90.0)] as [(String, Double?)] {
                    let refused = try await presign(text, angle: angle)
                    #expect(refused.status == .conflict)
                    #expect(errorCode(refused) == .sessionNotActive)
                }
                // A retry of bytes presigned before the close is refused the same way (as without the cache).
                let retry = try await presign("one", angle: 0)
                #expect(retry.status == .conflict)
                #expect(errorCode(retry) == .sessionNotActive)
                #expect(try await imageCount() == 2)

                // Reopened by hand: presigns work again, and a retry of earlier bytes gets its image back.
                try await services.database.sql.raw(
                    "UPDATE capture_sessions SET status = 'active' WHERE id = \(bind: UUID(uuidString: sessionId)!)"
                ).run()
                let again = try await presign("one", angle: 0)
                #expect(again.status == .ok)
                #expect(try decode(PresignResponse.self, again).imageId == (try decode(PresignResponse.self, first).imageId))
                #expect(try await presign("five", angle: 180).status == .ok)
                #expect(try await imageCount() == 3)
            }
        }
    }
}
