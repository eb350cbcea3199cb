import BackendApp
import Foundation
import Hummingbird
import HummingbirdTesting
import RelayAPI
import Testing
import TestSupport

/// What schemathesis found where the server disagreed with its own document: lengths counted in
/// characters where JSON Schema counts code points, valid JSON refused as malformed, a date-time that
/// could not be written back.
@Suite("API fuzzing findings")
struct FuzzFindingsTests {
    @Test("lengths are code points, as the document's maxLength counts them")
    func codePointLengths() async throws {
        try await TestApp.with("sqlite") { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                // 8 code points, 4 characters: a valid password.
                let user = try await postJSON(
                    client, "/v1/admin/users",
                    ["email": "graphemes@example.com", "name": "G", "role": "operator", "password": "e\u{301}e\u{301}e\u{301}e\u{301}"],
                    token: fixture.adminToken)
                #expect(user.status == .created, "\(String(buffer: user.body))")
                // 202 code points, 101 characters: over the 200 limit.
                let site = try await postJSON(
                    client, "/v1/admin/sites", ["name": String(repeating: "e\u{301}", count: 101)], token: fixture.adminToken)
                try expectEnvelope(site, status: 400, code: APIErrorCode.validation)
                // A zero-width non-joiner belongs to Persian names; a bidi override does not belong anywhere.
                let persian = try await postJSON(client, "/v1/admin/sites", ["name": "Studio \u{200C}می X"], token: fixture.adminToken)
                #expect(persian.status == .created)
                let spoofed = try await postJSON(client, "/v1/admin/sites", ["name": "Studio \u{202E}X"], token: fixture.adminToken)
                try expectEnvelope(spoofed, status: 400, code: APIErrorCode.validation)
            }
        }
    }

    @Test("emails are judged by code points and Unicode white space, as the document's pattern")
    func emails() async throws {
        try await TestApp.with("sqlite") { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                for (email, accepted) in [("ünï@exämple.de", true), ("a@\u{85}b.c", false), ("a\u{FEFF}@b.c", false), ("a@b.", false), ("a@@b.c", false)] {
                    let response = try await postJSON(
                        client, "/v1/admin/users", ["email": email, "name": "E", "role": "operator", "password": "a long password"],
                        token: fixture.adminToken)
                    #expect((response.status == .created) == accepted, "\(email): \(response.status)")
                }
            }
        }
    }

    @Test("valid JSON with an unrepresentable number is a validation error, not malformed JSON")
    func unrepresentableNumbers() async throws {
        try await TestApp.with("sqlite") { services, router in
            try await TestApp.application(router).test(.router) { client in
                let fixture = try await AuthFixture.make(services, client)
                for body in [#"{"uses":1.5}"#, #"{"uses":9223372036854775808}"#] {
                    let response = try await client.execute(
                        uri: "/v1/admin/enrollment-keys", method: .post,
                        headers: [.contentType: "application/json", .authorization: "Bearer \(fixture.adminToken)"],
                        body: ByteBuffer(string: body)) { $0 }
                    try expectEnvelope(response, status: 400, code: APIErrorCode.validation)
                }
                let broken = try await client.execute(
                    uri: "/v1/admin/enrollment-keys", method: .post,
                    headers: [.contentType: "application/json", .authorization: "Bearer \(fixture.adminToken)"],
                    body: ByteBuffer(string: #"{"uses":"#)) { $0 }
                try expectEnvelope(broken, status: 400, code: APIErrorCode.malformedJSON)
            }
        }
    }
}
