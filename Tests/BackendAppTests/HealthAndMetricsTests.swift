import BackendApp
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RelayAPI
import Testing
import TestSupport

@Suite("Health, readiness, metrics")
struct HealthAndMetricsTests {
    @Test("liveness answers 200 with a request id")
    func liveness() async throws {
        try await TestApp.with("sqlite") { _, router in
            try await TestApp.application(router).test(.router) { client in
                try await client.execute(uri: "/v1/health", method: .get) { response in
                    #expect(response.status == .ok)
                    let health = try JSONDecoder().decode(HealthResponse.self, from: Data(response.body.readableBytesView))
                    #expect(health.status == "ok")
                    #expect(health.version == RelayVersion.current)
                    let id = try #require(response.headers[.init("X-Request-Id")!])
                    #expect(UUID(uuidString: id) != nil)
                }
                // A sane client id is echoed; a hostile one is replaced.
                try await client.execute(uri: "/v1/health", method: .get, headers: [.init("X-Request-Id")!: "trace-42.a_b"]) {
                    #expect($0.headers[.init("X-Request-Id")!] == "trace-42.a_b")
                }
                try await client.execute(uri: "/v1/health", method: .get, headers: [.init("X-Request-Id")!: "x\" level=error"]) {
                    #expect($0.headers[.init("X-Request-Id")!] != "x\" level=error")
                }
            }
        }
    }

    @Test("readiness checks the database and the blob store", arguments: TestEnvironment.databaseKinds)
    func readiness(kind: String) async throws {
        try await TestApp.with(kind) { services, router in
            try await TestApp.application(router).test(.router) { client in
                try await client.execute(uri: "/v1/ready", method: .get) { response in
                    #expect(response.status == .ok)
                    let health = try JSONDecoder().decode(HealthResponse.self, from: Data(response.body.readableBytesView))
                    #expect(health.checks["database"]?.status == "ok")
                    #expect(health.checks["database"]?.kind == kind)
                    #expect(health.checks["blob_store"]?.status == "ok")
                    #expect(health.checks["blob_store"]?.kind == "local")
                }
                // Break the blob store: its temp folder becomes a file, so writes fail.
                guard case .local(let root) = services.configuration.blobStore else { Issue.record("not local"); return }
                let tmp = URL(fileURLWithPath: root).appendingPathComponent("tmp")
                try FileManager.default.removeItem(at: tmp)
                try Data("x".utf8).write(to: tmp)
                try await client.execute(uri: "/v1/ready", method: .get) { response in
                    let envelope = try expectEnvelope(response, status: 503, code: APIErrorCode.unavailable)
                    #expect(envelope.error.details["blob_store"] != nil)
                    if case .object(let check) = envelope.error.details["blob_store"] {
                        #expect(check["status"] == .string("unavailable"))
                    }
                    if case .object(let check) = envelope.error.details["database"] {
                        #expect(check["status"] == .string("ok"))
                    }
                }
            }
        }
    }

    @Test("metrics answer Prometheus text with request and job metrics")
    func metrics() async throws {
        try await TestApp.with("sqlite") { services, router in
            _ = try await services.jobQueue.enqueue(.init(kind: "metrics.test"))
            try await TestApp.application(router).test(.router) { client in
                _ = try await client.execute(uri: "/v1/health", method: .get)
                try await client.execute(uri: "/metrics", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
                    let text = String(buffer: response.body)
                    #expect(text.contains("# TYPE relay_jobs gauge"))
                    #expect(text.contains(#"relay_jobs{state="queued"} 1"#))
                    #expect(text.contains("hb_requests"))
                    #expect(text.contains(#""/v1/health""#))
                }
            }
        }
    }
}
