import BackendApp
import Foundation
import Hummingbird
import HummingbirdTesting
import RelayAPI
import Testing
import TestSupport

/// `expires_in_days` is bounded: the fuzzer created a key "expiring" in the year 506713, whose expiry no
/// longer fitted the document's date-time.
@Suite("Enrollment-key expiry bounds")
struct EnrollmentKeyExpiryTests {
    @Test("more than 0 and at most 3650 days; anything else is a 400 that creates nothing")
    func bounds() async throws {
        try await TestApp.with("sqlite") { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                for days in [0, -1, 3650.01, 1e6, 1.7e308] {
                    let refused = try await postJSON(client, "/v1/admin/enrollment-keys", ["expires_in_days": days], token: fixture.adminToken)
                    let envelope = try expectEnvelope(refused, status: 400, code: APIErrorCode.validation)
                    #expect(envelope.error.details["field"] == .string("expires_in_days"), "\(days)")
                }
                let longest = try await postJSON(client, "/v1/admin/enrollment-keys", ["expires_in_days": 3650], token: fixture.adminToken)
                #expect(longest.status == .created)
                let keys = try await request(client, .get, "/v1/admin/enrollment-keys", token: fixture.adminToken)
                let listed = (try JSONSerialization.jsonObject(with: Data(keys.body.readableBytesView)) as? [String: Any])?["data"] as? [[String: Any]]
                #expect(listed?.count == 2, "the fixture's key and the 3650-day one; refused ones created nothing")
            }
        }
    }
}
