import BackendCore
import Hummingbird
import RelayAPI

/// `GET /v1/health` (liveness: the process answers) and `GET /v1/ready` (readiness: the database and the
/// blob store answer too; 503 with the envelope and per-check details otherwise).
struct HealthController {
    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/v1/health") { _, _ in
            HealthResponse(status: "ok", checks: [:], version: RelayVersion.current)
        }
        router.get("/v1/ready") { _, _ in
            try await readiness()
        }
    }

    func readiness() async throws -> HealthResponse {
        async let database = check(kind: services.database.configuration.kind) { try await services.database.ping() }
        async let blobs = check(kind: services.blobStore.kind) { try await services.blobStore.checkReady() }
        let checks = ["database": await database, "blob_store": await blobs]
        guard checks.values.allSatisfy({ $0.status == "ok" }) else {
            var details: [String: JSONValue] = [:]
            for (name, check) in checks {
                details[name] = .object(["status": .string(check.status), "kind": .string(check.kind),
                    "error": check.error.map(JSONValue.string) ?? .null])
            }
            throw AppError(status: 503, code: APIErrorCode.unavailable, message: "not ready", details: details)
        }
        return HealthResponse(status: "ok", checks: checks, version: RelayVersion.current)
    }

    private func check(kind: String, _ probe: @Sendable () async throws -> Void) async -> HealthCheck {
        let started = ContinuousClock.now
        do {
            try await probe()
            return HealthCheck(status: "ok", kind: kind, latencyMs: (ContinuousClock.now - started).timeInterval * 1000)
        } catch {
            services.logger.warning("readiness check failed", metadata: ["kind": "\(kind)", "error": "\(error)"])
            return HealthCheck(
                status: "unavailable", kind: kind, latencyMs: (ContinuousClock.now - started).timeInterval * 1000,
                error: "\(error)")
        }
    }
}

extension HealthResponse: ResponseEncodable {}
