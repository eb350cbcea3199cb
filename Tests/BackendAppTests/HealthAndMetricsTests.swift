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
                    #expect(health.checks == ["database": HealthCheck(status: "ok"), "blob_store": HealthCheck(status: "ok")])
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

    @Test("readiness: an anonymous caller gets check names and states only, healthy or not; the log has the error")
    func anonymousReadiness() async throws {
        let recorder = LogRecorder()
        try await TestApp.with("sqlite", logger: recorder.logger()) { services, router in
            try await TestApp.application(router).test(.router) { client in
                let healthy = try await request(client, .get, "/v1/ready", token: nil)
                #expect(healthy.status == .ok)
                let body = try #require(try JSONSerialization.jsonObject(with: Data(healthy.body.readableBytesView)) as? [String: Any])
                let checks = try #require(body["checks"] as? [String: [String: Any]])
                #expect(checks.keys.sorted() == ["blob_store", "database"])
                #expect(checks.values.allSatisfy { $0.keys.sorted() == ["status"] }, "\(checks)")

                // Break the blob store: its temp folder becomes a file, so writes fail with the folder's path.
                guard case .local(let root) = services.configuration.blobStore else { Issue.record("not local"); return }
                let tmp = URL(fileURLWithPath: root).appendingPathComponent("tmp")
                try FileManager.default.removeItem(at: tmp)
                try Data("x".utf8).write(to: tmp)
                let broken = try await request(client, .get, "/v1/ready", token: nil)
                let envelope = try expectEnvelope(broken, status: 503, code: APIErrorCode.unavailable)
                #expect(envelope.error.details == [
                    "blob_store": .object(["status": .string("unavailable")]), "database": .object(["status": .string("ok")]),
                ])
                let text = String(buffer: broken.body)
                for detail in [services.configuration.dataDir, "/tmp/", "NSCocoaErrorDomain", "not writable", "kind", "local", "latency"] {
                    #expect(!text.contains(detail), "\(detail) in \(text)")
                }
                #expect(recorder.all.contains { $0.contains("readiness check failed") && $0.contains(root) }, "the log keeps the detail")
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
