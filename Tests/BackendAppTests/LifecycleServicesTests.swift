@testable import BackendApp
import Testing
import TestSupport

/// `relay-backend serve` and `relay-backend worker` take their services from one builder.
@Suite("services per process role")
struct LifecycleServicesTests {
    static func names(_ role: BackendRole, _ services: AppServices) -> [String] {
        buildLifecycleServices(role: role, services: services, logger: TestDatabase.logger).map { "\(type(of: $0))" }
    }

    @Test("worker: the database (closed last) and the job worker; serve: the auth-cache listener, the job worker only in-process")
    func servicesPerRole() async throws {
        try await TestApp.with("sqlite", extra: ["worker": "none"]) { services, _ in
            #expect(Self.names(.worker, services) == ["DatabaseLifecycleService", "JobWorkerService"])
            #expect(Self.names(.server, services) == ["DatabaseLifecycleService", "SubjectCacheInvalidationService"])
        }
        try await TestApp.with("sqlite", extra: ["worker": "in-process"]) { services, _ in
            #expect(Self.names(.server, services) == ["DatabaseLifecycleService", "SubjectCacheInvalidationService", "JobWorkerService"])
            #expect(Self.names(.worker, services) == ["DatabaseLifecycleService", "JobWorkerService"])
        }
    }
}
