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

/// Every error path answers the envelope with a request id and the right status — never a bare 500.
@Suite("Error envelope")
struct ErrorEnvelopeTests {
    struct Probe: Decodable {
        let name: String
        let count: Int
    }

    struct Secret: Error {
        let detail = "password=hunter2 at /internal/path"
    }

    /// The real router plus two probe routes that use the real JSON decoding and error paths.
    func withRouter(maxBodyBytes: Int = 1024, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void)
        async throws
    {
        try await TestApp.with("sqlite", extra: ["max_body_bytes": "\(maxBodyBytes)"]) { _, router in
            router.post("/test/probe") { request, context -> HTTPResponse.Status in
                let probe = try await request.decodeJSON(as: Probe.self, context: context)
                return probe.count > 0 ? .ok : .accepted
            }
            router.get("/test/crash") { _, _ -> HTTPResponse.Status in throw Secret() }
            try await TestApp.application(router).test(.router) { client in try await body(client) }
        }
    }

    @Test("unknown route → 404 ROUTE_NOT_FOUND; wrong method → 405 with Allow")
    func routing() async throws {
        try await withRouter { client in
            try await client.execute(uri: "/v1/nope", method: .get) {
                try expectEnvelope($0, status: 404, code: APIErrorCode.routeNotFound)
            }
            try await client.execute(uri: "/v1/health", method: .post) {
                let envelope = try expectEnvelope($0, status: 405, code: APIErrorCode.methodNotAllowed)
                #expect($0.headers[.allow] == "GET")
                #expect(envelope.error.details["allowed"] == ["GET"])
            }
            try await client.execute(uri: "/v1/blobs/a/b", method: .delete) {
                try expectEnvelope($0, status: 405, code: APIErrorCode.methodNotAllowed)
                #expect($0.headers[.allow] == "GET, PUT")
            }
        }
    }

    @Test("malformed JSON → 400 MALFORMED_JSON; bad members → 400 VALIDATION_ERROR naming the field")
    func json() async throws {
        try await withRouter { client in
            let json: HTTPFields = [.contentType: "application/json"]
            try await client.execute(uri: "/test/probe", method: .post, headers: json, body: ByteBuffer(string: "{\"name\": ")) {
                try expectEnvelope($0, status: 400, code: APIErrorCode.malformedJSON)
            }
            try await client.execute(uri: "/test/probe", method: .post, headers: json, body: ByteBuffer(string: #"{"name":"a"}"#)) {
                let envelope = try expectEnvelope($0, status: 400, code: APIErrorCode.validation)
                #expect(envelope.error.details["field"] == "count")
            }
            try await client.execute(uri: "/test/probe", method: .post, headers: json, body: ByteBuffer(string: #"{"name":"a","count":"x"}"#)) {
                let envelope = try expectEnvelope($0, status: 400, code: APIErrorCode.validation)
                #expect(envelope.error.details["field"] == "count")
            }
            try await client.execute(uri: "/test/probe", method: .post, headers: [.contentType: "text/plain"], body: ByteBuffer(string: "{}")) {
                try expectEnvelope($0, status: 415, code: APIErrorCode.unsupportedMediaType)
            }
            try await client.execute(uri: "/test/probe", method: .post, headers: json, body: ByteBuffer(string: #"{"name":"a","count":1}"#)) {
                #expect($0.status == .ok)
            }
        }
    }

    @Test("bodies over the limit → 413 PAYLOAD_TOO_LARGE, with or without Content-Length")
    func tooLarge() async throws {
        try await withRouter(maxBodyBytes: 1024) { client in
            let big = ByteBuffer(string: #"{"name":""# + String(repeating: "x", count: 5000) + #"","count":1}"#)
            try await client.execute(uri: "/test/probe", method: .post, headers: [.contentType: "application/json"], body: big) {
                let envelope = try expectEnvelope($0, status: 413, code: APIErrorCode.payloadTooLarge)
                #expect(envelope.error.details["max_bytes"] == .number(1024))
            }
            // Also refused on a route that never reads the body, before the handler runs.
            try await client.execute(uri: "/v1/health", method: .get, body: big) {
                try expectEnvelope($0, status: 413, code: APIErrorCode.payloadTooLarge)
            }
        }
    }

    @Test("an unexpected error → 500 INTERNAL_ERROR without internals")
    func internalError() async throws {
        try await withRouter { client in
            try await client.execute(uri: "/test/crash", method: .get) {
                let envelope = try expectEnvelope($0, status: 500, code: APIErrorCode.internalError)
                let text = String(buffer: $0.body)
                #expect(!text.contains("hunter2"))
                #expect(!text.contains("Secret"))
                #expect(envelope.error.message == "an internal error occurred")
            }
        }
    }
}
