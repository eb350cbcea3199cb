import BackendApp
import Foundation
import Hummingbird
import HummingbirdTesting
import RelayAPI
import Synchronization
import Testing
import TestSupport
import Yams

/// The error codes are written once (`APIErrorCode.all` in Shared/RelayAPI) and the OpenAPI document's
/// `ErrorCode` enum lists exactly them.
@Suite("OpenAPI error codes")
struct OpenAPIErrorCodeTests {
    /// The `ErrorCode` enum of the served document.
    static func documentedCodes() async throws -> [String] {
        let codes = Mutex<[String]>([])
        try await TestApp.with("sqlite") { _, router in
            try await TestApp.application(router).test(.router) { client in
                try await client.execute(uri: "/v1/openapi.yaml", method: .get) { response in
                    #expect(response.status == .ok)
                    let document = try #require(try Yams.load(yaml: String(buffer: response.body)) as? [String: Any])
                    let components = try #require(document["components"] as? [String: Any])
                    let schemas = try #require(components["schemas"] as? [String: Any])
                    let schema = try #require(
                        schemas["ErrorCode"] as? [String: Any], "the document has no ErrorCode schema")
                    // `anyOf`: the named codes (an enum) or the `HTTP_<status>` pattern.
                    let choices = try #require(schema["anyOf"] as? [[String: Any]], "ErrorCode has no anyOf")
                    let named = try #require(
                        choices.compactMap { $0["enum"] as? [String] }.first, "ErrorCode has no enum of strings")
                    codes.withLock { $0 = named }
                    let pattern = try #require(
                        choices.compactMap { $0["pattern"] as? String }.first, "ErrorCode has no HTTP_ pattern")
                    #expect(
                        APIErrorCode.httpStatus(431).rawValue.range(of: pattern, options: .regularExpression) != nil)
                }
            }
        }
        return codes.withLock { $0 }
    }

    @Test("every code in Swift is in the document, and every documented code is in Swift")
    func sameCodes() async throws {
        let documented = try await Self.documentedCodes()
        #expect(Set(documented).count == documented.count, "codes listed twice in the document")
        // Each code as it goes on the wire: inside an envelope, encoded and read back.
        var rendered: [String] = []
        for code in APIErrorCode.all {
            let data = try JSONEncoder().encode(
                ErrorEnvelope(error: ErrorBody(code: code, message: "m"), requestId: "r"))
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let error = try #require(object["error"] as? [String: Any])
            rendered.append(try #require(error["code"] as? String))
        }
        #expect(Set(rendered).count == rendered.count, "codes listed twice in APIErrorCode.all")
        let missingFromDocument = Set(rendered).subtracting(documented).sorted()
        let missingFromSwift = Set(documented).subtracting(rendered).sorted()
        #expect(missingFromDocument.isEmpty, "codes the document does not list: \(missingFromDocument)")
        #expect(missingFromSwift.isEmpty, "documented codes APIErrorCode.all lacks: \(missingFromSwift)")
    }

    @Test("codes are SCREAMING_SNAKE_CASE and round-trip, unknown ones included")
    func spelling() throws {
        for code in APIErrorCode.all {
            #expect(
                code.rawValue.range(of: #"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$"#, options: .regularExpression) != nil,
                "\(code)")
            #expect(code.isKnown)
        }
        let newer = try JSONDecoder().decode(
            ErrorBody.self, from: Data(#"{"code":"SOMETHING_NEW","message":"m","details":{}}"#.utf8))
        #expect(newer.code == APIErrorCode(rawValue: "SOMETHING_NEW"))
        #expect(!newer.code.isKnown)
    }
}
