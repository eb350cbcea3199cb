import BackendCore
import Hummingbird
import RelayAPI

/// `GET /v1/health` (liveness: the process answers) and `GET /v1/ready` (readiness: the database and the
/// blob store answer too; 503 with the envelope otherwise). Both are anonymous, so they give each check's
/// name and state only; the implementation checked, its latency and the error go to the log. Mounted at
/// `/v1` and at seeds 002/004's `/api/v1` (`SeedBasePaths`).
struct HealthController {
    let services: AppServices

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("health") { _, _ in
            HealthResponse(status: "ok", checks: [:], version: RelayVersion.current)
        }
        group.get("ready") { _, _ in
            try await readiness()
        }
    }

    func readiness() async throws -> HealthResponse {
        async let database = check("database", kind: services.database.configuration.kind) { try await services.database.ping() }
        async let blobs = check("blob_store", kind: services.blobStore.kind) { try await services.blobStore.checkReady() }
        let checks = ["database": await database, "blob_store": await blobs]
        guard checks.values.allSatisfy({ $0.status == "ok" }) else {
            throw AppError(
                status: 503, code: APIErrorCode.unavailable, message: "not ready",
                details: checks.mapValues { .object(["status": .string($0.status)]) })
        }
        return HealthResponse(status: "ok", checks: checks, version: RelayVersion.current)
    }

    private func check(_ name: String, kind: String, _ probe: @Sendable () async throws -> Void) async -> HealthCheck {
        let started = ContinuousClock.now
        do {
            try await probe()
            return HealthCheck(status: "ok")
        } catch {
            services.logger.warning(
                "readiness check failed",
                metadata: [
                    "check": "\(name)", "kind": "\(kind)", "error": "\(error)",
                    "latency_ms": "\(Int((ContinuousClock.now - started).timeInterval * 1000))",
                ])
            return HealthCheck(status: "unavailable")
        }
    }
}

extension HealthResponse: ResponseEncodable {}
